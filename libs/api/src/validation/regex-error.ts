/** validation.RegexError: upstream's wording, examples and regex included (its double space too). */
export function regexError(message: string, regex: string, ...examples: string[]): string {
  let out = `${message} (e.g. `;
  examples.forEach((example, i) => {
    if (i > 0) out += ' or ';
    out += `'${example}', `;
  });
  return `${out}regex used for validation is '${regex}')`;
}

export const maxLenError = (length: number): string => `must be no more than ${length} characters`;
