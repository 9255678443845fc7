/**
 * A named moment where the fault suite may kill this process (`RDO_FAILPOINT=<name>`): SIGKILL, as a crash or a
 * power cut would, so nothing after it runs. Unset, it costs one comparison.
 */
export function failpoint(name: string): void {
  if (process.env.RDO_FAILPOINT === name) process.kill(process.pid, 'SIGKILL');
}
