/** Log lines that mark a failure as transient (RETRY) rather than a real build failure. */
const TRANSIENT = [
  /Could not resolve host/i,
  /Temporary failure in name resolution/i,
  /Connection (timed out|reset by peer|refused)/i,
  /Failed to connect to/i,
  /Cannot download|Curl error|Timeout was reached/i,
  /mirror.*(unavailable|failed)|No more mirrors to try/i,
  /Error: Nothing to do/,
  /Device or resource busy/i,
  /No space left on device/i,
];

export function isTransientFailure(logTail: string): boolean {
  return TRANSIENT.some((re) => re.test(logTail));
}
