import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors';

/**
 * Checks, before any work is done, that `file` can be written: its folder exists and is
 * writable, and the path is not a folder. Throws an InputError naming the flag and the fix, so a
 * long investigation is never computed and then lost.
 */
export async function checkOutputFile(file: string, flag: string): Promise<void> {
  const folder = path.dirname(file);
  const folderStats = await fs.stat(folder).catch(() => undefined);
  if (!folderStats) throw new InputError(`${flag} ${file}: the folder ${folder} does not exist — create it first (mkdir -p ${folder}) or write elsewhere`);
  if (!folderStats.isDirectory()) throw new InputError(`${flag} ${file}: ${folder} is a file, not a folder — choose a path inside a folder`);
  const fileStats = await fs.stat(file).catch(() => undefined);
  if (fileStats?.isDirectory()) throw new InputError(`${flag} ${file} is a folder — give a file name, e.g. ${path.join(file, 'report.md')}`);
  try {
    await fs.access(fileStats ? file : folder, constants.W_OK);
  } catch {
    throw new InputError(`${flag} ${file} cannot be written (permission denied) — choose a path you can write to`);
  }
}
