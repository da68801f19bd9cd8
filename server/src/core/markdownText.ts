/** Text from notes shown inside hover Markdown must stay text: escape everything Markdown or HTML could act on. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+\-.!|~&"'$]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** A link whose label came from a note and whose target we built. */
export function markdownLink(label: string, url: string): string {
  return `[${escapeMarkdown(label)}](${url.replace(/[()\s<>]/g, encodeURIComponent)})`;
}

/**
 * Text shortened for a hover or tooltip: whitespace folded, cut at a sentence end (Chinese or
 * Latin) or word break near the limit, never inside a surrogate pair, with an ellipsis.
 */
export function trimText(text: string, maxLength: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const characters = [...flat];
  if (characters.length <= maxLength) return flat;
  const cut = characters.slice(0, maxLength - 1).join('');
  const sentenceEnd = Math.max(...['。', '！', '？', '；', '. ', '! ', '? '].map((mark) => cut.lastIndexOf(mark)));
  if (sentenceEnd >= cut.length * 0.6) return `${cut.slice(0, sentenceEnd + 1).trimEnd()} …`;
  const space = cut.lastIndexOf(' ');
  if (space >= cut.length * 0.8) return `${cut.slice(0, space)} …`;
  return `${cut}…`;
}
