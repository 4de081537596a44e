// The Kubernetes remote-command stream protocol over WebSocket (KEP-4006): every binary message
// starts with a channel byte — 0 stdin, 1 stdout, 2 stderr, 3 error (a JSON Status once the command
// ends), 4 resize (JSON {Width, Height}) — and v5 adds 255 "close", whose one data byte names the
// stream the client has finished writing (how stdin reaches end-of-file).
// https://github.com/kubernetes/enhancements/tree/master/keps/sig-api-machinery/4006-transition-spdy-to-websockets

export const V5 = 'v5.channel.k8s.io';
export const V4 = 'v4.channel.k8s.io';
/** Preferred first. v1–v3 and the base64 variants are not served; kubectl ≥ 1.30 offers v5 and v4. */
export const PROTOCOLS = [V5, V4];

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** The best protocol the client offered, or undefined. */
export function negotiate(offered: Iterable<string>): string | undefined {
  const set = new Set(offered);
  return PROTOCOLS.find((p) => set.has(p));
}

export function frame(channel: number, data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.of(channel), body]);
}

export function parseFrame(message: Buffer): { channel: number; data: Buffer } | undefined {
  if (message.length === 0) return undefined;
  return { channel: message[0]!, data: message.subarray(1) };
}

/** A resize message's size, or undefined when it is not {Width, Height} numbers. */
export function parseResize(data: Buffer): { width: number; height: number } | undefined {
  try {
    const v = JSON.parse(data.toString()) as { Width?: unknown; Height?: unknown };
    if (typeof v.Width === 'number' && typeof v.Height === 'number') return { width: v.Width, height: v.Height };
  } catch {
    // not JSON
  }
  return undefined;
}

/**
 * What goes on the error channel when the command ends: Success, or NonZeroExitCode with an ExitCode
 * cause (kubectl exits with that code), as upstream's kubelet writes it.
 */
export function exitStatus(exitCode: number): Record<string, unknown> {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {}, status: 'Failure', reason: 'NonZeroExitCode',
    message: `command terminated with non-zero exit code: error executing command, exit code ${exitCode}`,
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** A command that could not be run at all (no such container, the runtime refused). */
export function failureStatus(message: string): Record<string, unknown> {
  return { metadata: {}, status: 'Failure', reason: 'InternalError', message, code: 500 };
}
