import { rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { CliError } from "./io.js";

const reason = (error: unknown): string =>
  error instanceof Error && "code" in error ? String(error.code) : String(error);

/**
 * Checks, before any work, that `path` can be written as a file: its folder exists and it is not itself
 * a folder. Throws a CliError (exit 2) naming the flag, so a long run does not end in a stack trace.
 */
export async function checkOutputFile(flag: string, path: string): Promise<void> {
  const folder = await stat(dirname(path)).catch(() => null);
  if (folder === null || !folder.isDirectory())
    throw new CliError(`${flag} ${path}: the folder ${dirname(path)} does not exist`);
  const target = await stat(path).catch(() => null);
  if (target?.isDirectory() === true) throw new CliError(`${flag} ${path}: is a folder, give a file name`);
}

/**
 * Writes `text` to `path` through a temporary file beside it and a rename, so an interrupted or failed
 * write never leaves half a file; on failure the temporary file is removed and a CliError names the flag.
 */
export async function writeOutputFile(flag: string, path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new CliError(`${flag} ${path}: could not write (${reason(error)})`, 1);
  }
}
