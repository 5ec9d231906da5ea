import { recognizeAlertGroup } from '../../../src/core/alerts/alert-recognizer';
import { readJsonPayload } from '../../../src/core/alerts/json-payload';

describe('JSON payloads posted as is', () => {
  it('reads leaves as key: value lines, lists joined, name/value entries as their own fields', () => {
    const text = JSON.stringify({ AlarmName: 'a', NewStateValue: 'ALARM', Trigger: { Dimensions: [{ value: 'fn-1', name: 'FunctionName' }] }, Tags: ['x', 'y'], Unit: null }, null, 2);
    expect(readJsonPayload(`relay says:\n${text}`)!.lines).toEqual(['relay says:', '', 'AlarmName: a', 'NewStateValue: ALARM', 'FunctionName: fn-1', 'Tags: x, y', '']);
    expect(readJsonPayload(`relay says:\n${text}`)!.outside).toEqual(['relay says:']);
  });

  it('leaves alone braces that are not JSON (Datadog groups, PromQL selectors) and tiny objects', () => {
    expect(readJsonPayload('[Triggered on {service:web,env:prod}] High CPU')).toBeNull();
    expect(readJsonPayload('{instance="web-01:9100", job="node"}')).toBeNull();
    expect(readJsonPayload('{"a": 1}')).toBeNull();
    expect(readJsonPayload('{"a": "unterminated')).toBeNull();
  });

  it('reads only the first levels of a deeply nested payload, without failing', () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    expect(() => readJsonPayload(deep)).not.toThrow();
    expect(() => recognizeAlertGroup(`{"state":"ALARM","name":"x","d":${deep}}`)).not.toThrow();
  });

  it('lets a recognizer read a CloudWatch alarm posted as JSON, titled by its state and name', () => {
    const payload = {
      AlarmName: 'queue-depth-high', NewStateValue: 'ALARM', NewStateReason: 'Threshold Crossed', StateChangeTime: '2025-06-17T08:39:12.418+0000',
      Region: 'EU (Ireland)', Trigger: { Namespace: 'AWS/SQS', Dimensions: [{ name: 'QueueName', value: 'orders-queue' }] },
    };
    const recognized = recognizeAlertGroup('```' + JSON.stringify(payload) + '```');
    expect(recognized?.alert).toMatchObject({ source: 'cloudwatch', status: 'firing', title: 'ALARM: "queue-depth-high" in EU (Ireland)', firedAt: '2025-06-17T08:39:12.418Z' });
    expect(recognized?.alert.symptom.service).toBe('orders-queue');
  });
});
