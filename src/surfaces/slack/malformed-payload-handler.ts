import type { ReceiverProcessEventErrorHandlerArgs } from '@slack/bolt';
import type { Logger } from '../../observability/logger';

/**
 * Answers a signed Slack request whose payload Bolt itself cannot read (a `view_submission`
 * without its `view`, an action without a user…) with 400 instead of an empty 500: the request is
 * malformed, not Causa broken. Authorization failures keep their 401; an error after the
 * acknowledgement has nothing left to answer. Listener errors never reach this point (the app's
 * error handler takes them).
 */
export function malformedPayloadHandler(logger: Logger) {
  return async ({ error, response }: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> => {
    if (response.headersSent) {
      logger.error({ surface: 'slack', err: error }, 'a Slack request failed after it was acknowledged');
      return false;
    }
    if (error.name === 'AuthorizationError' || (error as { code?: string }).code === 'slack_bolt_authorization_error') {
      response.writeHead(401).end();
      return true;
    }
    logger.warn({ surface: 'slack', reason: error.message }, 'a signed Slack request had a payload Causa cannot read; answered 400');
    response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('malformed Slack payload\n');
    return true;
  };
}
