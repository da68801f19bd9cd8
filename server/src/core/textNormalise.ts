/**
 * Text copied from PDFs often carries CJK compatibility characters that look right and are not:
 * the Kangxi radical ⽂ (U+2F42) for 文, ⼤ for 大. They break search ('论文' does not find
 * '论⽂') and are folded to the ideographs they stand for. Only those blocks are touched: full-
 * width punctuation and everything else a writer chose stays as written.
 */
const RADICALS = /[\u2E80-\u2EFF\u2F00-\u2FDF]/g;

/**
 * The CJK Radicals Supplement has no Unicode decomposition; these are the simplified radicals
 * that PDF text extraction emits in place of common ideographs.
 */
const SUPPLEMENT: Readonly<Record<string, string>> = {
  '⺠': '民', '⺟': '母', '⻄': '西', '⻅': '见', '⻆': '角', '⻉': '贝', '⻋': '车', '⻓': '长',
  '⻔': '门', '⻘': '青', '⻚': '页', '⻛': '风', '⻜': '飞', '⻝': '食', '⻢': '马', '⻤': '鬼',
  '⻥': '鱼', '⻦': '鸟', '⻨': '麦', '⻩': '黄', '⻬': '齐', '⻮': '齿', '⻰': '龙', '⻳': '龟',
};

export function foldCjkRadicals(text: string): string {
  return text.replace(RADICALS, (radical) => SUPPLEMENT[radical] ?? radical.normalize('NFKC'));
}
