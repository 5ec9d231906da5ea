import { closeSync, constants, fstatSync, openSync, promises as fs, type Stats } from 'node:fs';
import { BundleError } from '../../core/errors';

/*
 * A bundle holds regular files only. A FIFO would block the reader until something writes to it,
 * and a device such as /dev/zero never ends, so files are opened without blocking (O_NONBLOCK
 * makes opening a FIFO return at once) and checked through the open descriptor, which also
 * covers symbolic links to such files and leaves no gap between the check and the read.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Opens `file` for reading; rejects with a BundleError unless it is a regular file. */
export async function openRegularFile(file: string): Promise<fs.FileHandle> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, OPEN_FLAGS);
  } catch (error) {
    throw new BundleError(file, readFailure(file, error as Error), { cause: error });
  }
  try {
    requireRegular(file, await handle.stat());
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** {@link openRegularFile}, synchronously; returns a file descriptor the caller closes. */
export function openRegularFileSync(file: string): number {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    throw new BundleError(file, readFailure(file, error as Error), { cause: error });
  }
  try {
    requireRegular(file, fstatSync(fd));
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function requireRegular(file: string, stats: Stats): void {
  if (stats.isFile()) return;
  throw new BundleError(file, `is ${kindOf(stats)}, not a regular file; a bundle holds only regular files (plain or gzipped), so replace it with one`);
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a plain file';
}

/** What went wrong reading `file`, said so the reader knows what to do. */
export function readFailure(file: string, error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found; check the bundle folder path';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied; make the file readable';
  if (code === 'ENXIO') return 'is a socket or device, not a regular file; a bundle holds only regular files';
  if (code === 'EISDIR') return 'is a folder, not a regular file';
  if (file.endsWith('.gz') && (code?.startsWith('Z_') ?? false)) {
    return `corrupt or truncated gzip data (${error.message}); re-export or re-download the bundle`;
  }
  return `cannot read the file (${error.message})`;
}
