import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { paperKey } from '../../server/src/core/paperId';
import {
  PaperReference, RecognitionProblem, RecognitionResult, findPaperReferences,
} from '../../server/src/core/recognize';
import type { TextSpan } from '../../server/src/core/textSpan';

/**
 * One line per reference: `<exact text> => <key> <form>` plus details. The text is checked
 * against `input.slice(start, end)`, so the line pins the range as well as the identity.
 */
function describeReference(reference: PaperReference): string {
  let line = `${reference.text} => ${reference.key} ${reference.form}`;
  if (reference.version !== undefined) line += ` v${reference.version}`;
  if (reference.category !== undefined) line += ` [${reference.category}]`;
  if (reference.bare) line += ' bare';
  if (reference.suppressed) line += ' suppressed';
  return line;
}

/** `<code> <exact text>` plus ` -> <suggestion>`. */
function describeProblem(problem: RecognitionProblem): string {
  return `${problem.code} ${problem.text}${problem.suggestion !== undefined ? ` -> ${problem.suggestion}` : ''}`;
}

function recognise(input: string, excluded?: readonly TextSpan[]): RecognitionResult {
  const result = findPaperReferences(input, excluded ? { excluded } : undefined);
  let previousEnd = 0;
  for (const reference of result.references) {
    assert.equal(input.slice(reference.start, reference.end), reference.text, 'text is the slice of the range');
    assert.equal(reference.key, paperKey(reference.paper));
    assert.ok(reference.start >= previousEnd, 'references are sorted and do not overlap');
    previousEnd = reference.end;
  }
  for (const problem of result.problems) {
    assert.equal(input.slice(problem.start, problem.end), problem.text, 'problem text is the slice of its range');
  }
  return result;
}

/** [input, references, problems (none when left out)] */
type Case = [string, string[], string[]?];

function table(title: string, cases: Case[]): void {
  describe(title, () => {
    for (const [input, references, problems = []] of cases) {
      it(JSON.stringify(input.length > 100 ? `${input.slice(0, 100)}…` : input), () => {
        const result = recognise(input);
        assert.deepEqual(result.references.map(describeReference), references);
        assert.deepEqual(result.problems.map(describeProblem), problems);
      });
    }
  });
}

table('arXiv IDs with a prefix', [
  ['arXiv:2106.09685', ['arXiv:2106.09685 => arxiv:2106.09685 arxiv-id']],
  ['arxiv:2106.09685v2', ['arxiv:2106.09685v2 => arxiv:2106.09685 arxiv-id v2']],
  ['ARXIV:2106.09685', ['ARXIV:2106.09685 => arxiv:2106.09685 arxiv-id']],
  ['arXiv: 2106.09685', ['arXiv: 2106.09685 => arxiv:2106.09685 arxiv-id']],
  ['参见arXiv：2106.09685。', ['arXiv：2106.09685 => arxiv:2106.09685 arxiv-id']],
  ['（arXiv：2106.09685）', ['arXiv：2106.09685 => arxiv:2106.09685 arxiv-id']],
  ['（arXiv： 2106.09685v3）', ['arXiv： 2106.09685v3 => arxiv:2106.09685 arxiv-id v3']],
  ['see arXiv:1706.03762.', ['arXiv:1706.03762 => arxiv:1706.03762 arxiv-id']],
  ['arxiv:1706.03762v7, then', ['arxiv:1706.03762v7 => arxiv:1706.03762 arxiv-id v7']],
  ['arXiv:2104.12255V1', ['arXiv:2104.12255V1 => arxiv:2104.12255 arxiv-id v1']],
  ['arXiv:1706.03762.pdf', ['arXiv:1706.03762.pdf => arxiv:1706.03762 arxiv-id']],
  ['arXiv:0704.0001 is the first', ['arXiv:0704.0001 => arxiv:0704.0001 arxiv-id']],
  ['arXiv:0706.1234v1 [math.FA]', ['arXiv:0706.1234v1 => arxiv:0706.1234 arxiv-id v1 [math.FA]']],
  ['arXiv:2106.09685 [cs.CL].', ['arXiv:2106.09685 => arxiv:2106.09685 arxiv-id [cs.CL]']],
  ['arXiv:hep-th/9901001 [hep-th]', ['arXiv:hep-th/9901001 => arxiv:hep-th/9901001 arxiv-id [hep-th]']],
  ['arXiv:2106.09685 [see below]', ['arXiv:2106.09685 => arxiv:2106.09685 arxiv-id']],
  ['arXiv:2106.09685 [sic]', ['arXiv:2106.09685 => arxiv:2106.09685 arxiv-id']],
  ['arXiv:2106.09685 [q-bio.NC]', ['arXiv:2106.09685 => arxiv:2106.09685 arxiv-id [q-bio.NC]']],
  ['Hu et al. LoRA. arXiv preprint arXiv:2106.09685, 2021.', ['arXiv:2106.09685 => arxiv:2106.09685 arxiv-id']],
  ['arXiv:hep-th/9901001v2', ['arXiv:hep-th/9901001v2 => arxiv:hep-th/9901001 arxiv-id v2']],
  ['arXiv:math.GT/0309136', ['arXiv:math.GT/0309136 => arxiv:math/0309136 arxiv-id']],
  ['arXiv: a survey of everything', []],
  ['Arxiv 2023', []],
]);

table('bare arXiv IDs in prose', [
  ['LoRA (2106.09685) is', ['2106.09685 => arxiv:2106.09685 arxiv-id bare']],
  ['论文2106.09685提出', ['2106.09685 => arxiv:2106.09685 arxiv-id bare']],
  ['见2106.09685。', ['2106.09685 => arxiv:2106.09685 arxiv-id bare']],
  ['（2106.09685v2）', ['2106.09685v2 => arxiv:2106.09685 arxiv-id v2 bare']],
  ['ends with 2106.09685.', ['2106.09685 => arxiv:2106.09685 arxiv-id bare']],
  ['2104.12255V1', ['2104.12255V1 => arxiv:2104.12255 arxiv-id v1 bare']],
  ['0706.1234v1 [math.FA]', ['0706.1234v1 => arxiv:0706.1234 arxiv-id v1 [math.FA] bare']],
  ['hep-th/9901001 and math.GT/0309136', [
    'hep-th/9901001 => arxiv:hep-th/9901001 arxiv-id bare',
    'math.GT/0309136 => arxiv:math/0309136 arxiv-id bare',
  ]],
  ['cs/0112017v1', ['cs/0112017v1 => arxiv:cs/0112017 arxiv-id v1 bare']],
  ['2106.09685.pdf', ['2106.09685 => arxiv:2106.09685 arxiv-id bare']],
  ['1203.1234 looks like a number', ['1203.1234 => arxiv:1203.1234 arxiv-id bare']],
]);

table('arXiv URLs', [
  ['https://arxiv.org/abs/2106.09685', ['https://arxiv.org/abs/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['http://arxiv.org/abs/2305.01569', ['http://arxiv.org/abs/2305.01569 => arxiv:2305.01569 arxiv-url']],
  ['https://arxiv.org/pdf/2106.09685v2.pdf', ['https://arxiv.org/pdf/2106.09685v2.pdf => arxiv:2106.09685 arxiv-url v2']],
  ['https://arxiv.org/pdf/2106.09685', ['https://arxiv.org/pdf/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['https://arxiv.org/pdf/1706.03762v7', ['https://arxiv.org/pdf/1706.03762v7 => arxiv:1706.03762 arxiv-url v7']],
  ['https://arxiv.org/html/2402.17764v1', ['https://arxiv.org/html/2402.17764v1 => arxiv:2402.17764 arxiv-url v1']],
  ['https://arxiv.org/abs/2106.09685/', ['https://arxiv.org/abs/2106.09685/ => arxiv:2106.09685 arxiv-url']],
  ['https://arxiv.org/abs/2106.09685v2?context=cs.CL#S3', ['https://arxiv.org/abs/2106.09685v2?context=cs.CL#S3 => arxiv:2106.09685 arxiv-url v2']],
  ['https://www.arxiv.org/abs/2106.09685', ['https://www.arxiv.org/abs/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['http://export.arxiv.org/abs/2106.09685', ['http://export.arxiv.org/abs/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['https://browse.arxiv.org/pdf/2106.09685.pdf', ['https://browse.arxiv.org/pdf/2106.09685.pdf => arxiv:2106.09685 arxiv-url']],
  ['HTTPS://ARXIV.ORG/abs/2106.09685', ['HTTPS://ARXIV.ORG/abs/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['arxiv.org/abs/2106.09685 without a scheme', ['arxiv.org/abs/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['www.arxiv.org/pdf/2106.09685', ['www.arxiv.org/pdf/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['https://arxiv.org/abs/hep-th/9901001v2', ['https://arxiv.org/abs/hep-th/9901001v2 => arxiv:hep-th/9901001 arxiv-url v2']],
  ['https://arxiv.org/abs/math.GT/0309136', ['https://arxiv.org/abs/math.GT/0309136 => arxiv:math/0309136 arxiv-url']],
  ['https://arxiv.org/pdf/cs/0112017.pdf', ['https://arxiv.org/pdf/cs/0112017.pdf => arxiv:cs/0112017 arxiv-url']],
  ['https://ar5iv.labs.arxiv.org/html/2106.09685', ['https://ar5iv.labs.arxiv.org/html/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['https://ar5iv.org/abs/2106.09685', ['https://ar5iv.org/abs/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['https://www.alphaxiv.org/abs/2106.09685', ['https://www.alphaxiv.org/abs/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['https://alphaxiv.org/overview/2106.09685v1', ['https://alphaxiv.org/overview/2106.09685v1 => arxiv:2106.09685 arxiv-url v1']],
  ['https://huggingface.co/papers/2106.09685', ['https://huggingface.co/papers/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['https://huggingface.co/papers/trending', []],
  ['https://huggingface.co/papers/date/2024-01-01', []],
  ['https://huggingface.co/blog/rlhf', []],
  ['https://arxiv.org/list/cs.CL/recent', []],
  ['https://doi.org/10.48550/arXiv.2106.09685', ['https://doi.org/10.48550/arXiv.2106.09685 => arxiv:2106.09685 doi-url']],
  ['https://dx.doi.org/10.48550/ARXIV.2106.09685', ['https://dx.doi.org/10.48550/ARXIV.2106.09685 => arxiv:2106.09685 doi-url']],
]);

table('the range of a URL', [
  ['[LoRA](https://arxiv.org/abs/2106.09685)', ['https://arxiv.org/abs/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['<https://arxiv.org/abs/2106.09685>', ['https://arxiv.org/abs/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['(https://arxiv.org/pdf/2005.14165).', ['https://arxiv.org/pdf/2005.14165 => arxiv:2005.14165 arxiv-url']],
  ['see https://arxiv.org/abs/2106.09685, and', ['https://arxiv.org/abs/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['**https://arxiv.org/abs/2106.09685**', ['https://arxiv.org/abs/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['链接https://arxiv.org/abs/2106.09685，很好', ['https://arxiv.org/abs/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['[a](https://arxiv.org/abs/2108.04812)[b](https://arxiv.org/abs/2212.09710)', [
    'https://arxiv.org/abs/2108.04812 => arxiv:2108.04812 arxiv-url',
    'https://arxiv.org/abs/2212.09710 => arxiv:2212.09710 arxiv-url',
  ]],
  ['[DOI](https://doi.org/10.1002/(SICI)1097-4636(199706)35:4) next', [
    'https://doi.org/10.1002/(SICI)1097-4636(199706)35:4 => doi:10.1002/(sici)1097-4636(199706)35:4 doi-url',
  ]],
  ['[DOI](https://doi.org/10.1000/182 "title")', ['https://doi.org/10.1000/182 => doi:10.1000/182 doi-url']],
]);

table('DOIs', [
  ['10.1145/3219819.3220007', ['10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi']],
  ['see 10.1145/3219819.3220007.', ['10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi']],
  ['(10.1145/3219819.3220007), next', ['10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi']],
  ['[10.1145/3219819.3220007]', ['10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi']],
  ['见10.1145/3219819.3220007。', ['10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi']],
  ['（10.1145/3219819.3220007）；', ['10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi']],
  ['10.1007/978-3-030-58452-8_13;', ['10.1007/978-3-030-58452-8_13 => doi:10.1007/978-3-030-58452-8_13 doi']],
  ['10.1002/(SICI)1097-4636(199706)35:4.', ['10.1002/(SICI)1097-4636(199706)35:4 => doi:10.1002/(sici)1097-4636(199706)35:4 doi']],
  ['10.1000.10/123456', ['10.1000.10/123456 => doi:10.1000.10/123456 doi']],
  ["'10.1145/3219819.3220007'", ['10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi']],
  ['**10.1145/3219819.3220007**', ['10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi']],
  ['10.1145/3219819.3220007提出', ['10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi']],
  ['doi:10.1145/3219819.3220007', ['doi:10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi']],
  ['DOI: 10.1145/ABC.Def', ['DOI: 10.1145/ABC.Def => doi:10.1145/abc.def doi']],
  ['DOI：10.1145/3219819.3220007', ['DOI：10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi']],
  ['https://doi.org/10.1145/3219819.3220007', ['https://doi.org/10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi-url']],
  ['http://dx.doi.org/10.1145/3219819.3220007.', ['http://dx.doi.org/10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi-url']],
  ['doi.org/10.1145/3219819.3220007', ['doi.org/10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi-url']],
  ['https://doi.org/10.1000%2F182', ['https://doi.org/10.1000%2F182 => doi:10.1000/182 doi-url']],
  ['https://dl.acm.org/doi/10.1145/3219819.3220007', ['https://dl.acm.org/doi/10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi-url']],
  ['https://dl.acm.org/doi/pdf/10.1145/3219819.3220007?download=true', [
    'https://dl.acm.org/doi/pdf/10.1145/3219819.3220007?download=true => doi:10.1145/3219819.3220007 doi-url',
  ]],
  ['https://link.springer.com/content/pdf/10.1007/s11263-015-0816-y.pdf', [
    'https://link.springer.com/content/pdf/10.1007/s11263-015-0816-y.pdf => doi:10.1007/s11263-015-0816-y doi-url',
  ]],
  ['https://example.org/lookup?doi=10.1145%2F3219819.3220007', [
    'https://example.org/lookup?doi=10.1145%2F3219819.3220007 => doi:10.1145/3219819.3220007 doi-url',
  ]],
  ['10.48550/arXiv.2106.09685', ['10.48550/arXiv.2106.09685 => arxiv:2106.09685 doi']],
  ['doi:10.48550/arxiv.2106.09685.', ['doi:10.48550/arxiv.2106.09685 => arxiv:2106.09685 doi']],
  ['https://api.crossref.org/works/10.48550/arXiv.2106.09685', [
    'https://api.crossref.org/works/10.48550/arXiv.2106.09685 => arxiv:2106.09685 doi-url',
  ]],
  ['https://doi.org/', []],
  ['10.12/abc', []],
  ['10.1145/', []],
  ['110.1145/3219819', []],
  ['x10.1145/3219819', []],
  ['version 10.1145.3 of', []],
]);

table('OpenReview', [
  ['https://openreview.net/forum?id=nZeVKeeFYf9', ['https://openreview.net/forum?id=nZeVKeeFYf9 => openreview:nZeVKeeFYf9 openreview-url']],
  ['https://openreview.net/pdf?id=e2TBb5y0yFf', ['https://openreview.net/pdf?id=e2TBb5y0yFf => openreview:e2TBb5y0yFf openreview-url']],
  ['https://openreview.net/forum?id=bg6fVPVs3s&noteId=Xy1_z', [
    'https://openreview.net/forum?id=bg6fVPVs3s&noteId=Xy1_z => openreview:bg6fVPVs3s openreview-url',
  ]],
  ['https://openreview.net/forum?noteId=abc&id=Abc-123', ['https://openreview.net/forum?noteId=abc&id=Abc-123 => openreview:Abc-123 openreview-url']],
  ['openreview.net/forum?id=nZeVKeeFYf9.', ['openreview.net/forum?id=nZeVKeeFYf9 => openreview:nZeVKeeFYf9 openreview-url']],
  ['https://openreview.net/group?id=ICLR.cc/2023/Conference', []],
  ['https://openreview.net/forum', []],
]);

table('Pandoc citations', [
  ['[@hu2021lora]', ['@hu2021lora => citekey:hu2021lora pandoc-citation']],
  ['As @vaswani2017 shows', ['@vaswani2017 => citekey:vaswani2017 pandoc-citation']],
  ['@doe99.', ['@doe99 => citekey:doe99 pandoc-citation']],
  ['[-@smith04]', ['@smith04 => citekey:smith04 pandoc-citation suppressed']],
  ['[see @doe99, p. 33]', ['@doe99 => citekey:doe99 pandoc-citation']],
  ['[@a; @b]', ['@a => citekey:a pandoc-citation', '@b => citekey:b pandoc-citation']],
  ['[see @doe99, pp. 33-35; also -@smith04, chap. 1]', [
    '@doe99 => citekey:doe99 pandoc-citation',
    '@smith04 => citekey:smith04 pandoc-citation suppressed',
  ]],
  ['@{Foo Bar: 2020}', ['@{Foo Bar: 2020} => citekey:Foo Bar: 2020 pandoc-citation']],
  ['[@{https://example.com/bib?name=foobar&date=2000}, p. 33]', [
    '@{https://example.com/bib?name=foobar&date=2000} => citekey:https://example.com/bib?name=foobar&date=2000 pandoc-citation',
  ]],
  ['@Hu2021:LoRA-v2', ['@Hu2021:LoRA-v2 => citekey:Hu2021:LoRA-v2 pandoc-citation']],
  ['@a.b#c$d%e&f+g?h<i>j~k/l', ['@a.b#c$d%e&f+g?h<i>j~k/l => citekey:a.b#c$d%e&f+g?h<i>j~k/l pandoc-citation']],
  ['@_private2020:', ['@_private2020 => citekey:_private2020 pandoc-citation']],
  ['@1984book', ['@1984book => citekey:1984book pandoc-citation']],
  ['参见@hu2021lora提出的方法', ['@hu2021lora => citekey:hu2021lora pandoc-citation']],
  ['(@Smith2020).', ['@Smith2020 => citekey:Smith2020 pandoc-citation']],
  ['write to user@example.com', []],
  ['https://medium.com/@ikim1994914/advanced-modern-llm', []],
  ['medium.com/@ikim1994914', []],
  ['\\@notacite', []],
  ['@ alone', []],
  ['@-dash', []],
  ['@{}', []],
  ['@{unclosed', []],
  ['word-@key', []],
]);

table('invalid and mis-padded arXiv IDs', [
  ['arXiv:1501.0001', ['arXiv:1501.0001 => arxiv:1501.00001 arxiv-id'], ['arxiv-mispadded 1501.0001 -> 1501.00001']],
  ['arXiv:1501.0001v2', ['arXiv:1501.0001v2 => arxiv:1501.00001 arxiv-id v2'], ['arxiv-mispadded 1501.0001v2 -> 1501.00001v2']],
  ['arXiv:0704.00001', ['arXiv:0704.00001 => arxiv:0704.0001 arxiv-id'], ['arxiv-mispadded 0704.00001 -> 0704.0001']],
  ['https://arxiv.org/abs/2106.0968', ['https://arxiv.org/abs/2106.0968 => arxiv:2106.00968 arxiv-url'], ['arxiv-mispadded 2106.0968 -> 2106.00968']],
  ['https://arxiv.org/pdf/2106.0968.pdf', ['https://arxiv.org/pdf/2106.0968.pdf => arxiv:2106.00968 arxiv-url'], ['arxiv-mispadded 2106.0968 -> 2106.00968']],
  ['10.48550/arXiv.1501.0001', ['10.48550/arXiv.1501.0001 => arxiv:1501.00001 doi'], ['arxiv-mispadded 1501.0001 -> 1501.00001']],
  ['arXiv:1234.12345', [], ['arxiv-invalid 1234.12345']],
  ['arXiv:0704.12345', [], ['arxiv-invalid 0704.12345']],
  ['arXiv:0703.0001', [], ['arxiv-invalid 0703.0001']],
  ['arXiv:1706.03762v0', [], ['arxiv-invalid 1706.03762v0']],
  ['arXiv:1706.037621', [], ['arxiv-invalid 1706.037621']],
  ['arXiv:1501.00000', [], ['arxiv-invalid 1501.00000']],
  ['arXiv:2106.09685abc', [], ['arxiv-invalid 2106.09685abc']],
  ['arXiv:hep-th/9913001', [], ['arxiv-invalid hep-th/9913001']],
  ['https://arxiv.org/abs/1234.12345', [], ['arxiv-invalid 1234.12345']],
  ['https://arxiv.org/abs/hep-th/990100', [], ['arxiv-invalid hep-th/990100']],
  ['https://huggingface.co/papers/0703.0001', [], ['arxiv-invalid 0703.0001']],
  ['https://doi.org/10.48550/arXiv.1234.12345', [], ['arxiv-invalid 1234.12345']],
  // Bare numbers are only a guess: wrong ones are silently ignored.
  ['1501.0001', []],
  ['0704.00001', []],
  ['0704.12345', []],
  ['0703.0001', []],
  ['1234.12345', []],
  ['1706.03762v0', []],
  ['1501.00000', []],
  ['hep-th/9913001', []],
]);

table('not references', [
  ['pi is 3.1415', []],
  ['FID 1.79 and 87.8% top-1', []],
  ['1234.12345', []],
  ['1234.5678 in a table', []],
  ['2103.1234 is a plain number', []],
  ['1706.037621', []],
  ['1.2106.09685', []],
  ['2106.09685.3', []],
  ['v2106.09685', []],
  ['ver2106.0968', []],
  ['abc2106.09685', []],
  ['2106.09685abc', []],
  ['2106.09685_v2', []],
  ['12106.09685', []],
  ['2106-2106.09685', []],
  ['https://github.com/x/2106.09685', []],
  ['https://example.com/abs/2106.09685', []],
  ['https://example.com/?q=arXiv:2106.09685', []],
  ['https://web.archive.org/web/2020/https://arxiv.org/abs/2106.09685', []],
  ['example.com/abs/2106.09685', []],
  ['www.example.com/papers/hep-th/9901001', []],
  ['xhttps://arxiv.org/abs/2106.09685', []],
  ['my.arxiv.org/abs/2106.09685', []],
  ['stat/0601001', []],
  ['HEP-TH/9901001', []],
  ['foo/hep-th/9901001', []],
  ['hep-th/99010012', []],
  ['hep-th/9901001.5', []],
]);

table('overlaps: the larger, more explicit form wins', [
  ['[arXiv:2305.01569](http://arxiv.org/abs/2305.01569)', [
    'arXiv:2305.01569 => arxiv:2305.01569 arxiv-id',
    'http://arxiv.org/abs/2305.01569 => arxiv:2305.01569 arxiv-url',
  ]],
  ['https://arxiv.org/abs/arXiv:2106.09685', []],
  ['https://example.org/doi/10.48550/arXiv.2106.09685v2', ['https://example.org/doi/10.48550/arXiv.2106.09685v2 => arxiv:2106.09685 doi-url v2']],
  ['@arXiv:2106.09685', ['arXiv:2106.09685 => arxiv:2106.09685 arxiv-id']],
  ['@2106.09685', ['@2106.09685 => citekey:2106.09685 pandoc-citation']],
  ['10.1234/arXiv:2106.09685', ['10.1234/arXiv:2106.09685 => doi:10.1234/arxiv:2106.09685 doi']],
  ['xarXiv:1234.12345 is not a prefix', []],
  ['xarXiv:2106.09685', ['2106.09685 => arxiv:2106.09685 arxiv-id bare']],
  ['2106.09685 2106.09685', [
    '2106.09685 => arxiv:2106.09685 arxiv-id bare',
    '2106.09685 => arxiv:2106.09685 arxiv-id bare',
  ]],
  ['arXiv:2106.09685 https://arxiv.org/abs/2106.09685 10.48550/arXiv.2106.09685 @hu2021', [
    'arXiv:2106.09685 => arxiv:2106.09685 arxiv-id',
    'https://arxiv.org/abs/2106.09685 => arxiv:2106.09685 arxiv-url',
    '10.48550/arXiv.2106.09685 => arxiv:2106.09685 doi',
    '@hu2021 => citekey:hu2021 pandoc-citation',
  ]],
]);

table('BibTeX entries pasted into notes', [
  ['  url={https://arxiv.org/abs/2106.09685},', ['https://arxiv.org/abs/2106.09685 => arxiv:2106.09685 arxiv-url']],
  ['  eprint={2106.09685}, archivePrefix={arXiv}, primaryClass={cs.CL},', ['2106.09685 => arxiv:2106.09685 arxiv-id bare']],
  ['  doi = {10.1145/3219819.3220007},', ['10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi']],
  ['  note = {\\url{https://doi.org/10.1000/182}}', ['https://doi.org/10.1000/182 => doi:10.1000/182 doi-url']],
]);

// Real lines from the seed notes.
table('seed notes', [
  ['+   Yuval Kirstain, Adam Polyak, Uriel Singer, Shahbuland Matiana, Joe Penna, Omer Levy: “Pick-a-Pic: An Open Dataset of User Preferences for Text-to-Image Generation⁀, 2023; [arXiv:2305.01569](http://arxiv.org/abs/2305.01569).', [
    'arXiv:2305.01569 => arxiv:2305.01569 arxiv-id',
    'http://arxiv.org/abs/2305.01569 => arxiv:2305.01569 arxiv-url',
  ]],
  ['+   Martin Wessel, Tomáš Horych, Terry Ruas, Akiko Aizawa, Bela Gipp, Timo Spinde: “介绍MBIB——第一个媒体偏见识别基准任务和数据集收集⁀，2023; [arXiv:2304.13148](http://arxiv.org/abs/2304.13148). DOI: [https://dx.doi.org/10.1145/3539618.3591882 10.1145/3539618.3591882].', [
    'arXiv:2304.13148 => arxiv:2304.13148 arxiv-id',
    'http://arxiv.org/abs/2304.13148 => arxiv:2304.13148 arxiv-url',
    'https://dx.doi.org/10.1145/3539618.3591882 => doi:10.1145/3539618.3591882 doi-url',
    '10.1145/3539618.3591882 => doi:10.1145/3539618.3591882 doi',
  ]],
  ['+   王雅青，苏布拉塔·穆克前，刘晓东，高降，艾哈迈德·哈桑·阿瓦达拉，高建峰：“LiST：轻量级提示式自训练使参数高效的少样本学习器⁀，2021年；[arXiv:2110.06274](http://arxiv.org/abs/2110.06274)。', [
    'arXiv:2110.06274 => arxiv:2110.06274 arxiv-id',
    'http://arxiv.org/abs/2110.06274 => arxiv:2110.06274 arxiv-url',
  ]],
  ['[论文链接](https://openreview.net/forum?id=bg6fVPVs3s)', ['https://openreview.net/forum?id=bg6fVPVs3s => openreview:bg6fVPVs3s openreview-url']],
  ['| 4✡✡✡✡✡ | [Language Models are Few-Shot Learners](https://arxiv.org/pdf/2005.14165) | Open AI **GPT3原始论⽂**GPT-3仍然是训练当下大语言模型（如ChatGPT）的常用基线和基础模型 |', [
    'https://arxiv.org/pdf/2005.14165 => arxiv:2005.14165 arxiv-url',
  ]],
  ['| 2✡     | [Rethinking the Role of Demonstrations: What Makes In-Context Learning Work?](https://arxiv.org/pdf/2202.12837) | 当某些标签错误时，模型仍然可以做出正确的预测。这表明模型更受提示的 [格式] 影响，而不是提示的 [意义] 。作者Sewon对这部分内容还做了其他研究[Noisy Channel Language Model Prompting for Few-Shot Text Classification ](https://arxiv.org/pdf/2108.04106.pdf)[MetaICL: Learning to Learn In Context](https://arxiv.org/pdf/2110.15943.pdf) |', [
    'https://arxiv.org/pdf/2202.12837 => arxiv:2202.12837 arxiv-url',
    'https://arxiv.org/pdf/2108.04106.pdf => arxiv:2108.04106 arxiv-url',
    'https://arxiv.org/pdf/2110.15943.pdf => arxiv:2110.15943 arxiv-url',
  ]],
  ['| 2✡✡✡   | [Large Language Models are Zero-Shot Reasoners](https://openreview.net/pdf?id=e2TBb5y0yFf) | 来⾃东京⼤学和⾕持的⼯作，关于预训练⼤型语⾔模型的推理能⼒的探究，chain of thought（CoT）能够显著的提升大模型的推理能力，而现有研究工作大都研究的是few shot设置下CoT，因此本文主要研究zero shot设置下的大模型推理能力。[解读](https://zhuanlan.zhihu.com/p/610535012)。“Let\'s think step by step⁀的梗即来源于此篇论⽂ |', [
    'https://openreview.net/pdf?id=e2TBb5y0yFf => openreview:e2TBb5y0yFf openreview-url',
  ]],
  ['| 8✡✡    | [SELF-INSTRUCT: Aligning Language Models with Self-Generated Instructions](https://arxiv.org/pdf/2212.10560.pdf) | 代码地址 https://github.com/yizhongw/self-instruct解读1 https://zhuanlan.zhihu.com/p/614916562解读2 https://zhuanlan.zhihu.com/p/6115704013⽉中旬，斯坦福发布Alpaca：只花100美元', [
    'https://arxiv.org/pdf/2212.10560.pdf => arxiv:2212.10560 arxiv-url',
  ]],
  ['[Recursively Summarizing Books with Human Feedback](https://arxiv.org/abs/2109.10862) (OpenAI Alignment Team 2021)[WebGPT: Browser-assisted question-answering with human feedback](https://arxiv.org/abs/2112.09332) (OpenAI, 2021)GopherCite: [Teaching language models to support answers with verified quotes](https://www.deepmind.com/publications/gophercite-teaching-language-models-to-support-answers-with-verified-quotes) (Menick et al. 2022)[Is Reinforcement Learning (Not) for Natural Language Processing?: Benchmarks](https://arxiv.org/abs/2210.01241) (Ramamurthy and Ammanabrolu et al. 2022)[Kojima et al. 2021](https://arxiv.org/abs/2108.04812)[Suhr and Artzi 2022](https://arxiv.org/abs/2212.09710)[Sokolov et al. 2016](https://arxiv.org/abs/1601.04468), [Gao et al. 2022](https://arxiv.org/abs/2203.10079)', [
    'https://arxiv.org/abs/2109.10862 => arxiv:2109.10862 arxiv-url',
    'https://arxiv.org/abs/2112.09332 => arxiv:2112.09332 arxiv-url',
    'https://arxiv.org/abs/2210.01241 => arxiv:2210.01241 arxiv-url',
    'https://arxiv.org/abs/2108.04812 => arxiv:2108.04812 arxiv-url',
    'https://arxiv.org/abs/2212.09710 => arxiv:2212.09710 arxiv-url',
    'https://arxiv.org/abs/1601.04468 => arxiv:1601.04468 arxiv-url',
    'https://arxiv.org/abs/2203.10079 => arxiv:2203.10079 arxiv-url',
  ]],
  ['[TAMER](https://www.cs.utexas.edu/~pstone/Papers/bib2html-links/ICDL08-knox.pdf) (Knox and Stone 2008)[Interactive Learning](http://proceedings.mlr.press/v70/macglashan17a/macglashan17a.pdf) (MacGlashan et al. 2017)', []],
  ['，使得训练稳定且高效[medium.com](https://medium.com/@ikim1994914/advanced-modern-llm-part-5-mixture-of-experts-moe-and-switch-transformer-b3d1ce40ced2#:~:text=In the Switch Transformer%2C the,Here’s some additional context)[medium.com](https://medium.co', []],
  ['同等的性能[huggingface.co](https://huggingface.co/blog/moe#:~:text=The scale of a model,smaller model for more steps)。Google 的 **Switch Tr', []],
  ['使得扩散模型在 CIFAR-10 上以远少于以往的采样来数达到新的生成效果最佳值（FID 1.79），大幅提升了采样效率和生成质量', []],
  ['    * The Pile：用於語言建模的 800GB 多樣化文本數據集，Arxiv 2020。[論文](https://arxiv.org/abs/2101.00027)', [
    'https://arxiv.org/abs/2101.00027 => arxiv:2101.00027 arxiv-url',
  ]],
  ['![](https://github.com/RUCAIBox/LLMSurvey/raw/main/assets/arxiv_llms.png)', []],
  ['### [LLaMA: Open and Efficient Foundation Language Models](https://paperswithcode.com/paper/llama-open-and-efficient-foundation-language-1)[arXiv 2023]', []],
  ['- **论文**：[🔥*Attention Is All You Need*](https://arxiv.org/abs/1706.03762)', ['https://arxiv.org/abs/1706.03762 => arxiv:1706.03762 arxiv-url']],
  ['- **论文**:[🔥Efficient Large-Scale Language Model Training on GPU Clusters（Megatron-LM](https://arxiv.org/abs/2104.04473)', [
    'https://arxiv.org/abs/2104.04473 => arxiv:2104.04473 arxiv-url',
  ]],
]);

describe('reference details', () => {
  it('reports the exact range and identity of a versioned PDF link', () => {
    const input = 'PDF: https://arxiv.org/pdf/2106.09685v2.pdf.';
    assert.deepEqual(recognise(input).references, [{
      start: 5,
      end: 43,
      text: 'https://arxiv.org/pdf/2106.09685v2.pdf',
      paper: { scheme: 'arxiv', id: '2106.09685' },
      key: 'arxiv:2106.09685',
      form: 'arxiv-url',
      version: 2,
    }]);
  });

  it('places a problem on the ID itself, so the suggestion can replace it', () => {
    const input = 'See arXiv:1501.0001v2 now';
    const { references, problems } = recognise(input);
    assert.deepEqual(references.map(r => [r.start, r.end]), [[4, 21]]);
    assert.equal(problems.length, 1);
    const [problem] = problems;
    assert.deepEqual([problem.start, problem.end, problem.code, problem.suggestion], [10, 21, 'arxiv-mispadded', '1501.00001v2']);
    const fixed = input.slice(0, problem.start) + problem.suggestion + input.slice(problem.end);
    assert.deepEqual(recognise(fixed).problems, []);
  });

  const messages: Array<[string, string]> = [
    ['arXiv:1234.12345', 'month 34 does not exist'],
    ['arXiv:0703.0001', 'arXiv new-style IDs start in April 2007 (0704)'],
    ['arXiv:0704.12345', 'IDs from 0704 to 1412 have 4 digits after the dot'],
    ['arXiv:1706.03762v0', 'versions start at v1'],
    ['arXiv:1501.0001', 'IDs from 1501 on have 5 digits after the dot'],
    ['arXiv:0704.00001', 'IDs from 0704 to 1412 have 4 digits after the dot'],
  ];
  for (const [input, reason] of messages) {
    it(`explains ${input}: ${reason}`, () => {
      const { problems } = recognise(input);
      assert.equal(problems.length, 1);
      assert.ok(problems[0].message.includes(reason), problems[0].message);
      assert.ok(problems[0].message.includes(input.slice('arXiv:'.length)), problems[0].message);
    });
  }

  it('leaves optional details out rather than setting them to undefined', () => {
    const [reference] = recognise('arXiv:2106.09685').references;
    assert.deepEqual(Object.keys(reference).sort(), ['end', 'form', 'key', 'paper', 'start', 'text']);
  });
});

describe('excluded spans', () => {
  const input = 'a `arXiv:2106.09685` b arXiv:1706.03762 c <!-- arXiv:1234.12345 --> d @key';
  const span = (text: string): TextSpan => {
    const start = input.indexOf(text);
    return { start, end: start + text.length };
  };
  const cases: Array<[string, TextSpan[], string[], number]> = [
    ['nothing excluded', [], ['arXiv:2106.09685', 'arXiv:1706.03762', '@key'], 1],
    ['a code span', [span('`arXiv:2106.09685`')], ['arXiv:1706.03762', '@key'], 1],
    ['an HTML comment drops its problem', [span('<!-- arXiv:1234.12345 -->')], ['arXiv:2106.09685', 'arXiv:1706.03762', '@key'], 0],
    ['both', [span('`arXiv:2106.09685`'), span('<!-- arXiv:1234.12345 -->')], ['arXiv:1706.03762', '@key'], 0],
    ['a partial overlap', [{ start: input.indexOf('1706'), end: input.indexOf('1706') + 2 }], ['arXiv:2106.09685', '@key'], 1],
    ['a span that only touches the reference', [{ start: input.indexOf('@key') - 2, end: input.indexOf('@key') }], ['arXiv:2106.09685', 'arXiv:1706.03762', '@key'], 1],
    ['unsorted spans', [span('@key'), span('`arXiv:2106.09685`')], ['arXiv:1706.03762'], 1],
    ['an empty span before a partial overlap', [{ start: 5, end: 5 }, { start: 10, end: 12 }], ['arXiv:1706.03762', '@key'], 1],
    ['only an empty span', [{ start: 4, end: 4 }], ['arXiv:2106.09685', 'arXiv:1706.03762', '@key'], 1],
  ];
  for (const [title, excluded, expected, problemCount] of cases) {
    it(title, () => {
      const result = recognise(input, excluded);
      assert.deepEqual(result.references.map(r => r.text), expected);
      assert.equal(result.problems.length, problemCount);
    });
  }

  it('does not let an excluded URL leak the ID inside it', () => {
    const text = 'https://arxiv.org/abs/2106.09685';
    assert.deepEqual(recognise(text, [{ start: 0, end: 5 }]).references, []);
  });
});

describe('adversarial input', () => {
  // Each must simply return; a quadratic or exponential scan would hang the test run.
  const size = 5_000_000;
  const cases: Array<[string, string]> = [
    ['digits', '1'.repeat(size)],
    ['DOI prefixes', '10.'.repeat(size / 3)],
    ['nested DOI prefixes', '10.1010'.repeat(size / 7)],
    ['at signs', '@'.repeat(size)],
    ['an endless key', `@${'a.'.repeat(size / 2)}`],
    ['unclosed braces', '@{'.repeat(size / 2)],
    ['arXiv URL prefixes', 'https://arxiv.org/abs/'.repeat(size / 22)],
    ['scheme-less hosts', 'arxiv.org/'.repeat(size / 10)],
    ['arXiv prefixes', 'arXiv:'.repeat(size / 6)],
    ['an endless prefixed number', `arXiv:${'1'.repeat(size)}`],
    ['an endless version', `2106.09685v${'1'.repeat(size)}`],
    ['open parentheses in a URL', `https://x.org/${'('.repeat(size)}`],
    ['subject classes', 'math.GT/'.repeat(size / 8)],
    ['dotted digits', '1.'.repeat(size / 2)],
  ];
  for (const [title, input] of cases) {
    it(title, () => {
      const result = findPaperReferences(input);
      assert.ok(Array.isArray(result.references));
    });
  }

  it('handles a long line dense with references', () => {
    const input = 'arXiv:2106.09685 [@a; @b] https://arxiv.org/abs/1706.03762 10.1145/123 '.repeat(20_000);
    const result = findPaperReferences(input);
    assert.equal(result.references.length, 5 * 20_000);
  });
});

// A link's destination is read on its own (entries read every link): a text that is one URL is
// answered without the other scans, and must answer as if they had run.
table('a text that is one URL', [
  ['https://arxiv.org/abs/1706.03762v2', ['https://arxiv.org/abs/1706.03762v2 => arxiv:1706.03762 arxiv-url v2']],
  ['https://arxiv.org/abs/1501.0001', ['https://arxiv.org/abs/1501.0001 => arxiv:1501.00001 arxiv-url'], ['arxiv-mispadded 1501.0001 -> 1501.00001']],
  ['https://arxiv.org/abs/1706.03762.', ['https://arxiv.org/abs/1706.03762 => arxiv:1706.03762 arxiv-url']],
  ['https://example.org/1706.03762', []],
  ['https://example.org/?q=arXiv:1706.03762', []],
  ['https://doi.org/10.1145/3219819.3220007', ['https://doi.org/10.1145/3219819.3220007 => doi:10.1145/3219819.3220007 doi-url']],
  ['https://example.org/@hu2021lora', []],
  ['https://example.org/a b @hu2021lora', ['@hu2021lora => citekey:hu2021lora pandoc-citation']],
  ['https://example.org|1706.03762', ['1706.03762 => arxiv:1706.03762 arxiv-id bare']],
]);
