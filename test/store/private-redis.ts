import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

const REDIS_SERVER = process.env.CAUSA_REDIS_SERVER ?? 'redis-server';

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A private Redis (never the shared one) that persists every write, so a test can stop it (a
 * blip, a restart) and start it again with its data.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let output = '';
    child.stdout!.on('data', (chunk) => (output += String(chunk)));
    const deadline = Date.now() + 15_000;
    while (!/Ready to accept connections/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /**
   * Freezes the server (SIGSTOP): its socket stays open but nothing answers, as on a hung host or
   * a network partition, so a client still thinks it is connected. `resume` undoes it.
   */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Lets a paused server answer again (SIGCONT); the commands sent meanwhile are answered. */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Kills the server without a shutdown (SIGKILL), as a crash or an OOM kill does. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  private async signal(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // A paused server would not act on SIGTERM until it is resumed.
    child.kill('SIGCONT');
    child.kill(signal);
    await exited;
  }
}
