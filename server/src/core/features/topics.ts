/**
 * The Topics tree, one level per request: seed documents → their headings → papers, then
 * "My notes" → the tags of literature notes and the headings the user's entries sit under →
 * papers. Node ids encode their place, so a request needs no memory of earlier ones.
 */
import type { TopicNode, TopicPaper } from '../../protocol';
import { bestKey, displayPaperId, isIdentifierKey } from '../paperId';
import { paperLinks } from '../paperLinks';
import { type FeatureContext, messagesOf } from './context';
import { trimText } from '../markdownText';
import { type PaperInfo, describePaper } from './paperInfo';

const NOTES_ROOT = 'notes';
const TOOLTIP_LENGTH = 400;

export function provideTopics(context: FeatureContext, parent?: string): TopicNode[] {
  const catalog = context.catalog();
  if (!parent) {
    const roots: TopicNode[] = catalog.seeds.map((seed) => ({
      id: `seed:${seed.file}`,
      kind: 'seed' as const,
      label: seed.title,
      description: `${seed.topics.reduce((all, id) => papersUnder(context, id, all), new Set(seed.papers)).size}`,
      tooltip: seed.file,
      hasChildren: seed.topics.length + seed.papers.length > 0,
    }));
    const userTopics = collectUserTopics(context);
    if (userTopics.size > 0) roots.push({ id: NOTES_ROOT, kind: 'notes', label: messagesOf(context).myNotes, description: messagesOf(context).userTopicCount(userTopics.size), hasChildren: true });
    return roots;
  }
  if (parent === NOTES_ROOT) {
    return [...collectUserTopics(context)].sort(([a], [b]) => a.localeCompare(b)).map(([label, keys]) => userTopicNode(label, keys));
  }
  if (parent.startsWith('usertopic:')) {
    const keys = collectUserTopics(context).get(parent.slice('usertopic:'.length)) ?? new Set<string>();
    return [...keys].map((key) => paperNode(context, parent, key));
  }
  if (parent.startsWith('seed:')) {
    const seed = catalog.seed(parent.slice('seed:'.length));
    if (!seed) return [];
    // The heading that is the seed's title would show that title twice: open it directly when it
    // holds the whole seed, drop it when it is an empty heading above sibling topics.
    const isTitle = (id: string) => seed.title.startsWith(catalog.topic(id)?.title ?? '\u0000');
    const only = seed.topics.length === 1 && seed.papers.length === 0 && isTitle(seed.topics[0]) ? seed.topics[0] : undefined;
    if (only) return provideTopics(context, `topic:${only}`);
    const topics = seed.topics.filter((id) => !(isTitle(id) && countPapers(context, id) === 0));
    return [...topics.map((id) => topicNode(context, id)), ...seed.papers.map((key) => paperNode(context, parent, key))];
  }
  if (parent.startsWith('topic:')) {
    const topic = catalog.topic(parent.slice('topic:'.length));
    if (!topic) return [];
    return [...topic.children.map((id) => topicNode(context, id)), ...topic.papers.map((key) => paperNode(context, parent, key))];
  }
  return [];
}

/**
 * The nodes from a root down to a paper, found by walking the tree as the client sees it (so a
 * level the tree skips is skipped here too): the paper's first seed topic, else a topic of the
 * user's own notes.
 */
export function provideTopicPath(context: FeatureContext, key: string): TopicNode[] {
  const info = describePaper(context, key);
  const catalog = context.catalog();
  const isThePaper = (node: TopicNode) => node.kind === 'paper' && node.paper?.key === info.key;
  // The first topic that lists the paper as one of its rows (a paper only mentioned in another
  // row is in no topic's list).
  const topicId = info.catalog?.topics.find((id) => catalog.topic(id)?.papers.includes(info.key));
  if (topicId) {
    const ancestors: string[] = [];
    for (let topic = catalog.topic(topicId); topic; topic = topic.parent ? catalog.topic(topic.parent) : undefined) ancestors.unshift(`topic:${topic.id}`);
    const root = provideTopics(context).find((node) => node.id === `seed:${catalog.topic(topicId)!.source.file}`);
    const path = root ? [root] : [];
    for (const id of root ? ancestors : []) {
      const next = provideTopics(context, path[path.length - 1].id).find((node) => node.id === id);
      if (next) path.push(next);
    }
    const paper = path.length ? provideTopics(context, path[path.length - 1].id).find(isThePaper) : undefined;
    if (paper) return [...path, paper];
  }
  // Else the first of the user's topics that holds it: one scan of the notes, one node built.
  const userTopics = collectUserTopics(context);
  const label = [...userTopics.keys()].sort((a, b) => a.localeCompare(b)).find((name) => userTopics.get(name)!.has(info.key));
  if (!label) return [];
  const notesRoot = provideTopics(context).find((node) => node.id === NOTES_ROOT)!;
  const topic = userTopicNode(label, userTopics.get(label)!);
  return [notesRoot, topic, paperNode(context, topic.id, info.key)];
}

function userTopicNode(label: string, keys: ReadonlySet<string>): TopicNode {
  return { id: `usertopic:${label}`, kind: 'topic', label, description: `${keys.size}`, hasChildren: true };
}

function topicNode(context: FeatureContext, id: string): TopicNode {
  const topic = context.catalog().topic(id)!;
  const papers = countPapers(context, id);
  return {
    id: `topic:${id}`,
    kind: 'topic',
    label: topic.title,
    description: papers ? `${papers}` : undefined,
    hasChildren: topic.children.length + topic.papers.length > 0,
  };
}

/** Distinct papers in a topic and all of its subtopics. */
function countPapers(context: FeatureContext, id: string): number {
  return papersUnder(context, id, new Set()).size;
}

function papersUnder(context: FeatureContext, id: string, into: Set<string>): Set<string> {
  const topic = context.catalog().topic(id);
  if (!topic) return into;
  for (const key of topic.papers) into.add(key);
  for (const child of topic.children) papersUnder(context, child, into);
  return into;
}

function paperNode(context: FeatureContext, parent: string, key: string): TopicNode {
  const info = describePaper(context, key);
  const paper = topicPaperOf(context, info);
  const stars = paper.importance ? '✡'.repeat(Math.min(paper.importance, 5)) : '';
  const noteMark = paper.notes.length ? '📝' : '';
  const cited = paper.citations ? messagesOf(context).citedCount(paper.citations) : '';
  return {
    id: `paper:${parent}:${key}`,
    kind: 'paper',
    label: paper.title ?? paper.displayId,
    // A paper known only by its title has no identifier worth repeating beside it.
    description: [paper.title && !paper.key.startsWith('title:') ? paper.displayId : '', stars, noteMark, cited].filter(Boolean).join(' · ') || undefined,
    tooltip: summaryOf(info),
    hasChildren: false,
    paper,
  };
}

/** A paper as the Topics view and the "Search papers" quick pick show it. */
export function topicPaperFor(context: FeatureContext, key: string): TopicPaper {
  return topicPaperOf(context, describePaper(context, key));
}

function topicPaperOf(context: FeatureContext, info: PaperInfo): TopicPaper {
  const seedSource = info.catalog?.sources[0];
  const seedEntry = seedSource ? context.catalog().locationOf(seedSource) : undefined;
  const notes = [
    ...info.literatureNotes.map((uri) => ({ uri, line: 0 })),
    ...info.annotations.filter(({ uri }) => !info.literatureNotes.includes(uri)).map(({ uri, entry }) => ({ uri, line: entry.line })),
  ];
  return {
    key: info.key,
    displayId: displayPaperId(info.paper),
    title: info.title,
    importance: info.catalog?.importance,
    links: paperLinks(info.paper).slice(0, 2),
    notes,
    seedEntry,
    citations: info.citations.references,
    summary: summaryOf(info),
  };
}

function summaryOf(info: PaperInfo): string | undefined {
  const text = info.annotations[0]?.entry.summary ?? info.catalog?.summaries[0]?.text;
  return text ? trimText(text, TOOLTIP_LENGTH) : info.title;
}

/**
 * Labels of the user's own topics (literature-note tags, headings over their entries) → the
 * papers under them, one key per paper: the catalog's when it knows the paper, else the best
 * identifier the note gives.
 */
function collectUserTopics(context: FeatureContext): Map<string, Set<string>> {
  const topics = new Map<string, Set<string>>();
  const catalog = context.catalog();
  const canonical = (keys: readonly string[]) => keys.map((key) => catalog.paper(key)?.key).find(Boolean) ?? bestKey(keys);
  const add = (label: string, key: string | undefined) => {
    const trimmed = label.trim();
    if (!trimmed || !key) return;
    let keys = topics.get(trimmed);
    if (!keys) topics.set(trimmed, (keys = new Set()));
    keys.add(key);
  };
  for (const uri of context.index.uris()) {
    const analysis = context.index.getDocument(uri)!;
    const note = analysis.literatureNote;
    if (note?.declarations.length) {
      const key = canonical(note.declarations.map((declaration) => declaration.key));
      for (const tag of note.tags) add(tag, key);
    }
    for (const entry of analysis.entries) {
      // Front matter is the literature note above; a paper only mentioned in a row is not a row.
      if (entry.shape === 'front-matter' || entry.mentionedBy) continue;
      const heading = entry.topicPath[entry.topicPath.length - 1];
      if (heading) add(heading, canonical([entry.key, ...entry.aliases.filter(isIdentifierKey)]));
    }
  }
  return topics;
}
