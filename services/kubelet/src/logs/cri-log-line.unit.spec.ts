import { describe, expect, it } from 'vitest';
import { criLogLine } from '../runtime/cri-log-writer.js';
import { parseCriLogLine } from './cri-log-line.js';

const parse = (line: string) => parseCriLogLine(Buffer.from(line));

describe('parseCriLogLine (upstream parseCRILog)', () => {
  it('reads what the process runtime writes: time, stream, full line with its newline', () => {
    const line = parse(criLogLine(new Date('2026-11-24T01:00:00.123Z'), 'stderr', 'F', 'hello world'));
    expect(line).toMatchObject({ ms: Date.parse('2026-11-24T01:00:00.123Z'), time: '2026-11-24T01:00:00.123000000Z', stream: 'stderr', partial: false });
    expect(line?.content.toString()).toBe('hello world\n');
  });

  it('writes the time with nine fraction digits in UTC whatever it was written with (RFC3339NanoFixed)', () => {
    expect(parse('2026-11-24T01:00:00Z stdout F x\n')?.time).toBe('2026-11-24T01:00:00.000000000Z');
    expect(parse('2026-11-24T01:00:00.5Z stdout F x\n')?.time).toBe('2026-11-24T01:00:00.500000000Z');
    expect(parse('2026-11-24T03:00:00.123456789+02:00 stdout F x\n')).toMatchObject({ time: '2026-11-24T01:00:00.123456789Z', ms: Date.parse('2026-11-24T01:00:00.123Z') });
  });

  it('drops the newline of a partial line, keeps the content byte for byte, and reads only the first tag', () => {
    expect(parse('2026-11-24T01:00:00Z stdout P part\n')).toMatchObject({ partial: true });
    expect(parse('2026-11-24T01:00:00Z stdout P part\n')?.content.toString()).toBe('part');
    expect(parse('2026-11-24T01:00:00Z stdout F:x  two  spaces é\n')?.content.toString()).toBe(' two  spaces é\n');
    expect(parse('2026-11-24T01:00:00Z stdout F \n')?.content.toString()).toBe('\n');
  });

  it('is undefined for a line in another format', () => {
    for (const bad of ['', 'no spaces', 'yesterday stdout F x', '2026-11-24T01:00:00Z stdin F x', '2026-11-24T01:00:00Z stdout', '{"log":"x","stream":"stdout"}']) {
      expect(parse(bad), bad).toBeUndefined();
    }
  });
});
