/** Text from notes shown inside hover Markdown must stay text: escape everything Markdown or HTML could act on. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+\-.!|~&"'$]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** A link whose label came from a note and whose target we built. */
export function markdownLink(label: string, url: string): string {
  return `[${escapeMarkdown(label)}](${url.replace(/[()\s<>]/g, encodeURIComponent)})`;
}
