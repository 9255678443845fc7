import { buildProgram } from './program.js';
import { describeFailure, type Io } from './context.js';

/** Parses argv, runs one subcommand, returns the exit code. Nothing else. */
export async function main(
  argv: string[],
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  err: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  const io: Io = { out, err };
  const program = buildProgram(io);
  try {
    await program.root.parseAsync(argv, { from: 'user' });
    return program.exitCode;
  } catch (e) {
    const { code, message } = describeFailure(e);
    if (message) err(message);
    return code;
  }
}
