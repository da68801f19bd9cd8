/**
 * The canonical web pages of a paper. URLs are built from the normalised identity, never pasted
 * from note text, so a crafted "ID" cannot smuggle markup or another scheme into a link.
 */
import type { PaperId } from './paperId';

export interface PaperLink {
  readonly label: string;
  readonly url: string;
}

const SAFE_ARXIV = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})$/;
const SAFE_OPENREVIEW = /^[A-Za-z0-9_-]+$/;

export function paperLinks(paper: PaperId, version?: number): PaperLink[] {
  switch (paper.scheme) {
    case 'arxiv': {
      if (!SAFE_ARXIV.test(paper.id)) return [];
      const versioned = version ? `${paper.id}v${version}` : paper.id;
      return [
        { label: 'arXiv abstract', url: `https://arxiv.org/abs/${versioned}` },
        { label: 'PDF', url: `https://arxiv.org/pdf/${versioned}` },
        { label: 'DOI', url: `https://doi.org/10.48550/arXiv.${paper.id}` },
      ];
    }
    case 'doi':
      return [{ label: 'DOI', url: doiUrl(paper.id) }];
    case 'openreview':
      if (!SAFE_OPENREVIEW.test(paper.id)) return [];
      return [
        { label: 'OpenReview forum', url: `https://openreview.net/forum?id=${paper.id}` },
        { label: 'PDF', url: `https://openreview.net/pdf?id=${paper.id}` },
      ];
    case 'citekey':
    case 'title':
      return [];
  }
}

/** The page a reference opens: the first of its canonical links. */
export function canonicalUrl(paper: PaperId): string | undefined {
  return paperLinks(paper)[0]?.url;
}

export function doiUrl(doi: string): string {
  // Keep '/' readable; encode everything else a DOI suffix may contain (#, ?, <, >, spaces, parentheses).
  return `https://doi.org/${doi.split('/').map((part) => encodeURIComponent(part).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/')}`;
}
