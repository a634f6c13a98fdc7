// Reading Argo CD's answers: a body read up to a limit (util/readBody), and the shape test used on
// the JSON it holds.

/** What a request answered: its status and its body, read up to the limit. */
export interface Answer {
  status: number;
  text: string;
}

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
