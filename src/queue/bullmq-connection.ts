import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ: its commands wait through reconnects (`maxRetriesPerRequest:
 * null`, as BullMQ requires) and connection errors go to `onError` instead of stderr.
 */
export function bullmqConnection(url: string, onError?: (error: Error) => void): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, connectTimeout: 2_000 });
  client.on('error', (error: Error) => onError?.(error));
  return client;
}

/** Closes a connection politely, or drops it when Redis does not answer. */
export async function closeConnection(client: Redis | undefined): Promise<void> {
  await client?.quit().catch(() => client.disconnect());
}
