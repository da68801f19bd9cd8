/** Bibliography files (BibTeX/BibLaTeX and CSL-JSON) read into entries, with the quirks real files have. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Bibliography, BibliographyEntry, BibliographyFormat, bibliographyFormatOf, parseBibliography } from '../../server/src/core/bibliography';
import { ExportPaper, toBibtex, toCslJson } from '../../server/src/core/bibliographyExport';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../../test/fixtures/bibliography', name), 'utf8');

/** Parses and checks what must hold for every entry of every file: the offsets point at the entry and its key. */
function read(text: string, format: BibliographyFormat = 'bibtex'): Bibliography {
  const bibliography = parseBibliography('file:///refs.bib', 7, text, format);
  for (const entry of bibliography.entries) {
    assert.equal(text.slice(entry.keyStart, entry.keyEnd), entry.citekey, `key offsets of ${entry.citekey}`);
    assert.ok(entry.start <= entry.keyStart && entry.keyEnd <= entry.end, `key inside entry ${entry.citekey}`);
    assert.equal(entry.key, `citekey:${entry.citekey}`);
    assert.ok(!entry.paperKeys.includes(entry.key));
    const first = text[entry.start];
    const last = text[entry.end - 1];
    if (format === 'bibtex') {
      assert.equal(first, '@', `entry ${entry.citekey} starts at its @`);
      assert.ok(last === '}' || last === ')', `entry ${entry.citekey} ends at its closing bracket, not ${JSON.stringify(last)}`);
    } else {
      assert.equal(first, '{');
      assert.equal(last, '}');
    }
  }
  for (const problem of bibliography.problems) {
    assert.ok(0 <= problem.start && problem.start <= problem.end && problem.end <= text.length, `problem span ${problem.start}-${problem.end}`);
  }
  return bibliography;
}

const keys = (bibliography: Bibliography) => bibliography.entries.map((entry) => entry.citekey);
const entry = (bibliography: Bibliography, citekey: string): BibliographyEntry => {
  const found = bibliography.entries.find((candidate) => candidate.citekey === citekey);
  assert.ok(found, `entry ${citekey} in ${keys(bibliography).join(', ')}`);
  return found;
};
/** Each problem as `severity: message @ the text it spans`. */
const problems = (bibliography: Bibliography, text: string) => bibliography.problems.map((problem) => `${problem.severity}: ${problem.message} @ ${text.slice(problem.start, problem.end)}`);

describe('bibliography file formats', () => {
  it('are told by the file name', () => {
    assert.equal(bibliographyFormatOf('refs.bib'), 'bibtex');
    assert.equal(bibliographyFormatOf('/home/me/Library.BIB'), 'bibtex');
    assert.equal(bibliographyFormatOf('file:///x/refs.bibtex'), 'bibtex');
    assert.equal(bibliographyFormatOf('refs.biblatex'), 'bibtex');
    assert.equal(bibliographyFormatOf('My Library.json'), 'csl-json');
    assert.equal(bibliographyFormatOf('refs.csl.json'), 'csl-json');
    assert.equal(bibliographyFormatOf('lib.csl-json'), 'csl-json');
    assert.equal(bibliographyFormatOf('notes.md'), undefined);
    assert.equal(bibliographyFormatOf('refs.bib.bak'), undefined);
    assert.equal(bibliographyFormatOf('bib'), undefined);
  });

  it('keeps the uri, version, format and a line index of the text', () => {
    const text = '@misc{a,\n  title = {A}}\n';
    const bibliography = read(text);
    assert.equal(bibliography.uri, 'file:///refs.bib');
    assert.equal(bibliography.version, 7);
    assert.equal(bibliography.format, 'bibtex');
    assert.deepEqual(bibliography.lines.positionAt(entry(bibliography, 'a').keyStart), { line: 0, character: 6 });
    assert.equal(bibliography.lines.lineCount, 3);
  });
});

describe('BibTeX files', () => {
  it("reads arXiv's own @misc style into an identity, title, authors, year and URL", () => {
    const text = [
      '@misc{hu2021lora,',
      '      title={LoRA: Low-Rank Adaptation of Large Language Models}, ',
      '      author={Edward J. Hu and Yelong Shen and Phillip Wallis},',
      '      year={2021},',
      '      eprint={2106.09685},',
      '      archivePrefix={arXiv},',
      '      primaryClass={cs.CL},',
      '      url={https://arxiv.org/abs/2106.09685}, ',
      '}',
    ].join('\n');
    const bibliography = read(text);
    assert.deepEqual(bibliography.problems, []);
    assert.deepEqual(bibliography.entries, [{
      citekey: 'hu2021lora',
      key: 'citekey:hu2021lora',
      start: 0,
      end: text.length,
      keyStart: 6,
      keyEnd: 16,
      type: 'misc',
      paperKeys: ['arxiv:2106.09685'],
      title: 'LoRA: Low-Rank Adaptation of Large Language Models',
      authors: ['Edward J. Hu', 'Yelong Shen', 'Phillip Wallis'],
      year: '2021',
      url: 'https://arxiv.org/abs/2106.09685',
    }]);
  });

  describe('a file with the quirks real files have', () => {
    const text = fixture('quirks.bib');
    const bibliography = read(text);

    it('reads every entry in file order, and nothing from comments, @comment, @preamble or @string', () => {
      assert.deepEqual(keys(bibliography), [
        'vaswani2017attention', 'hu2021lora', 'wang2023chinese', 'dettmers2023qlora', 'pubmed2020',
        'DBLP:journals/corr/abs-2106-09685', 'openreview2022', 'witten1999',
      ]);
      assert.deepEqual(bibliography.problems, []);
    });

    it('expands @string macros, also concatenated with #, and drops case-protecting braces', () => {
      const attention = entry(bibliography, 'vaswani2017attention');
      assert.equal(attention.venue, 'Advances in Neural Information Processing Systems 30');
      assert.equal(attention.title, 'Attention is All you Need');
      assert.equal(attention.year, '2017');
      assert.equal(entry(bibliography, 'dettmers2023qlora').venue, 'International Conference on Learning Representations');
      assert.equal(entry(bibliography, 'dettmers2023qlora').title, 'QLoRA: Efficient Finetuning of Quantized LLMs');
    });

    it('turns LaTeX accents into Unicode and keeps Chinese as written, family name first', () => {
      const chinese = entry(bibliography, 'wang2023chinese');
      assert.equal(chinese.title, '中文大模型的低秩适应：A survey of Übersetzung and naïve café methods');
      assert.deepEqual(chinese.authors, ['王小明', '李华', 'OpenAI', 'Pál Erdős']);
      assert.equal(chinese.type, 'misc');
      assert.deepEqual(entry(bibliography, 'vaswani2017attention').authors.slice(-2), ['Łukasz Kaiser', 'Illia Polosukhin']);
    });

    it('reads parenthesised entries and "quoted" values', () => {
      const chinese = entry(bibliography, 'wang2023chinese');
      assert.equal(text.slice(chinese.start, chinese.start + 22), '@misc(wang2023chinese,');
      assert.equal(text[chinese.end - 1], ')');
      assert.equal(chinese.year, '2023');
    });

    it('writes names first-name first, with particles and suffixes, and drops "and others"', () => {
      assert.deepEqual(entry(bibliography, 'openreview2022').authors, ['Jane Doe', 'Jean de la Fontaine', 'Martin Luther King Jr.']);
      assert.deepEqual(entry(bibliography, 'DBLP:journals/corr/abs-2106-09685').authors, ['Edward J. Hu', 'Yelong Shen']);
    });

    it('finds the paper each entry names', () => {
      const identities = Object.fromEntries(bibliography.entries.map((found) => [found.citekey, found.paperKeys]));
      assert.deepEqual(identities, {
        'vaswani2017attention': ['arxiv:1706.03762'],
        'hu2021lora': ['arxiv:2106.09685'],
        'wang2023chinese': ['arxiv:2301.00001'],
        'dettmers2023qlora': ['arxiv:2305.14314'],
        // The eprint is a PubMed ID that happens to look like an arXiv ID.
        'pubmed2020': ['doi:10.1038/s41586-020-2649-2'],
        'DBLP:journals/corr/abs-2106-09685': ['arxiv:2106.09685'],
        'openreview2022': ['openreview:nZeVKeeFYf9'],
        'witten1999': ['arxiv:hep-th/9901001'],
      });
    });

    it('reads date, abstract (whitespace folded) and field names in any case', () => {
      const qlora = entry(bibliography, 'dettmers2023qlora');
      assert.equal(qlora.year, '2023');
      assert.equal(qlora.abstract, 'We present QLoRA, an efficient finetuning approach that reduces memory usage enough to finetune a 65B parameter model on a single 48GB GPU.');
      assert.equal(entry(bibliography, 'pubmed2020').title, 'A medical paper');
      assert.equal(entry(bibliography, 'pubmed2020').year, '2020');
      assert.equal(entry(bibliography, 'witten1999').type, 'online');
    });

    it('gives the same entries, at the right offsets, with CRLF line endings', () => {
      const crlfText = text.replace(/\n/g, '\r\n');
      const crlf = read(crlfText);
      assert.deepEqual(crlf.problems, []);
      const strip = ({ start: _s, end: _e, keyStart: _ks, keyEnd: _ke, ...rest }: BibliographyEntry) => rest;
      assert.deepEqual(crlf.entries.map(strip), bibliography.entries.map(strip));
      assert.equal(crlf.lines.positionAt(entry(crlf, 'hu2021lora').keyStart).line, bibliography.lines.positionAt(entry(bibliography, 'hu2021lora').keyStart).line);
    });
  });

  describe('identities', () => {
    const cases: Array<[string, string, string[]]> = [
      ['eprint with archivePrefix', 'eprint = {2106.09685v2}, archivePrefix = {arXiv}', ['arxiv:2106.09685']],
      ['eprint with BibLaTeX eprinttype, any case', 'eprint = {arXiv:2106.09685}, eprinttype = {ARXIV}', ['arxiv:2106.09685']],
      ['eprint alone, when it is an arXiv ID', 'eprint = {2106.09685}', ['arxiv:2106.09685']],
      ['eprint alone that is not an arXiv ID', 'eprint = {12345678}', []],
      ['eprint of another archive', 'eprint = {2106.09685}, eprinttype = {jstor}', []],
      ['a mis-padded eprint is repaired when the archive is arXiv', 'eprint = {1501.0001}, archivePrefix = {arXiv}', ['arxiv:1501.00001']],
      ['but not trusted when no archive is named', 'eprint = {1501.0001}', []],
      ['Mendeley arxivId', 'arxivId = {2106.09685}', ['arxiv:2106.09685']],
      ['doi', 'doi = {10.1145/3219819.3220007}', ['doi:10.1145/3219819.3220007']],
      ['doi as a URL, with an escaped underscore', 'doi = {https://doi.org/10.1000/a\\_b}', ['doi:10.1000/a_b']],
      ["arXiv's DataCite DOI is the arXiv paper", 'doi = {10.48550/arXiv.2106.09685}', ['arxiv:2106.09685']],
      ['arXiv URL (pdf)', 'url = {https://arxiv.org/pdf/2106.09685v1.pdf}', ['arxiv:2106.09685']],
      ['doi.org URL', 'url = {https://doi.org/10.18653/v1/N19-1423}', ['doi:10.18653/v1/n19-1423']],
      ['OpenReview URL', 'url = {https://openreview.net/forum?id=nZeVKeeFYf9}', ['openreview:nZeVKeeFYf9']],
      ['another site names no paper', 'url = {https://example.org/2106.09685}', []],
      ['Google Scholar journal', 'journal = {arXiv preprint arXiv:2106.09685}', ['arxiv:2106.09685']],
      ['Semantic Scholar ArXiv volume', 'journal = {ArXiv}, volume = {abs/2106.09685}', ['arxiv:2106.09685']],
      ['howpublished \\url', 'howpublished = {\\url{https://arxiv.org/abs/2106.09685}}', ['arxiv:2106.09685']],
      ['note with an \\href', 'note = {Published at \\href{https://openreview.net/forum?id=abc123}{ICLR 2022}}', ['openreview:abc123']],
      ['note with an arXiv ID', 'note = {arXiv:2106.09685 [cs.CL]}', ['arxiv:2106.09685']],
      ['a bare number in a note is too weak', 'note = {see 2106.09685}', []],
      ['several, best first, without repeats', 'url = {https://doi.org/10.1145/3219819.3220007}, eprint = {2106.09685}, archivePrefix = {arXiv}, doi = {10.1145/3219819.3220007}', ['arxiv:2106.09685', 'doi:10.1145/3219819.3220007']],
      ['nothing', 'title = {Just a title}', []],
    ];
    for (const [name, fields, expected] of cases) {
      it(name, () => {
        const bibliography = read(`@misc{k, ${fields}}`);
        assert.deepEqual(bibliography.problems, []);
        assert.deepEqual(entry(bibliography, 'k').paperKeys, expected);
      });
    }
  });

  it('uses the first of duplicate keys and warns on the later one, naming the line of the first', () => {
    const text = '@misc{same, title={First}}\n@misc{other, title={Other}}\n@article{same, title={Second}}\n';
    const bibliography = read(text);
    assert.deepEqual(keys(bibliography), ['same', 'other']);
    assert.equal(entry(bibliography, 'same').title, 'First');
    assert.deepEqual(problems(bibliography, text), ["warning: Duplicate citation key 'same': the entry on line 1 is used and this one is ignored. @ same"]);
    assert.equal(bibliography.problems[0].start, text.lastIndexOf('same'));
  });

  it('keeps the entries before a truncated last entry, and reports it', () => {
    const text = '@misc{a, title={A}}\n\n@misc{b,\n  title = {B},\n  author = {Doe, Ja';
    const bibliography = read(text);
    assert.deepEqual(keys(bibliography), ['a']);
    assert.deepEqual(problems(bibliography, text), ["error: Entry 'b' could not be read: a { is never closed. @ @misc{b,\n  title = {B},\n  author = {Doe, Ja"]);
  });

  it('reads the entries after one with an unterminated brace', () => {
    const text = [
      '@misc{a, title = {A}}',
      '@article{broken,',
      '  title = {Unterminated,',
      '  year = 2020',
      '}',
      '@misc{c, title = {C}}',
      '@misc{d, title = {D}}',
      '',
    ].join('\n');
    const bibliography = read(text);
    assert.deepEqual(keys(bibliography), ['a', 'c', 'd']);
    assert.deepEqual(problems(bibliography, text), [
      "error: Entry 'broken' could not be read: it is not closed: a \"}\" is missing before \"@misc{c, title = {C}…\". @ @article{broken,\n  title = {Unterminated,\n  year = 2020\n}",
    ]);
  });

  it('reads the entries after one whose unclosed brace swallows them, and the one whose quote is unclosed', () => {
    const text = '@misc{a, title = {A}}\n@misc{b, title = {B\n\n@misc{c, title = {C}}\n@misc{q, title = "Q}\n@misc{d, title = {D}}\n';
    const bibliography = read(text);
    assert.deepEqual(keys(bibliography), ['a', 'c', 'd']);
    assert.deepEqual(bibliography.problems.map((problem) => problem.severity), ['error', 'error']);
    assert.match(bibliography.problems[0].message, /^Entry 'b' could not be read/);
    assert.match(bibliography.problems[1].message, /^Entry 'q' could not be read/);
  });

  it('warns about an entry that runs on into the next one', () => {
    // The note's brace is closed after b's, and a's by a stray one: it all parses as one entry.
    const text = '@misc{a, title = {A},\n  note = {unclosed\n@misc{b, title = {B}}}}\n@misc{c, title = {C}}\n';
    const bibliography = read(text);
    assert.deepEqual(keys(bibliography), ['a', 'c']);
    assert.deepEqual(problems(bibliography, text), ["warning: Entry 'a' seems to run on into the next entry: a closing brace is probably missing before this '@'. @ @"]);
  });

  it('reports an entry without a key and an undefined @string, and reads the rest', () => {
    const text = '@misc{, title = {No key}}\n@misc{ok, title = {OK}, journal = jmlr # " 5"}\n';
    const bibliography = read(text);
    assert.deepEqual(keys(bibliography), ['ok']);
    assert.equal(entry(bibliography, 'ok').venue, 'jmlr 5');
    assert.deepEqual(problems(bibliography, text), [
      'error: This @misc entry has no citation key. @ @misc{, title = {No key}}',
      "warning: 'jmlr' is not a defined @string; it is read as the text 'jmlr'. @ jmlr",
    ]);
  });

  it('keeps unknown LaTeX commands as written instead of failing', () => {
    const bibliography = read('@misc{k, title = {The \\ourmethod{} method and \\textsc{Bert}}}');
    assert.deepEqual(bibliography.problems, []);
    assert.equal(entry(bibliography, 'k').title, 'The \\ourmethod method and Bert');
  });

  it('reads the other entries, macros expanded, when the parser throws on one', () => {
    // The parser throws on a `\newcommand` without a proper name in an @string: the whole-file
    // parse fails and the file is read piece by piece.
    const text = [
      '@string{venue = "Good Venue"}',
      '@string{bad = "\\newcommand{x}"}',
      '@misc{a, title = {A}, journal = venue}',
      '@misc{b, title = {\\newcommand{y}{z}}}',
      '@misc{c, title = {C}, journal = venue # " 2021"}',
      '@misc{a, title = {Duplicate}}',
      '',
    ].join('\r\n');
    const bibliography = read(text);
    assert.deepEqual(keys(bibliography), ['a', 'c']);
    assert.equal(entry(bibliography, 'a').venue, 'Good Venue');
    assert.equal(entry(bibliography, 'c').venue, 'Good Venue 2021');
    assert.deepEqual(problems(bibliography, text), [
      "error: @string 'bad' could not be read: its LaTeX is not understood (Unexpected name for \\newcommand{x}). @ @string{bad = \"\\newcommand{x}\"}",
      "error: Entry 'b' could not be read: its LaTeX is not understood (Unexpected name for \\newcommand{y}{z}). @ @misc{b, title = {\\newcommand{y}{z}}}",
      "warning: Duplicate citation key 'a': the entry on line 3 is used and this one is ignored. @ a",
    ]);
  });

  it('reads an empty file, or one of whitespace and comments, as no entries and no problems', () => {
    for (const text of ['', '\n\n  \r\n', '% only a comment\n', '@comment{nothing here}\n', 'Some prose outside any entry.\n']) {
      const bibliography = read(text);
      assert.deepEqual(bibliography.entries, [], JSON.stringify(text));
      assert.deepEqual(bibliography.problems, [], JSON.stringify(text));
    }
  });

  it('survives a binary file: no entries, a bounded number of problems', () => {
    let text = '';
    for (let i = 0; i < 20_000; i++) text += String.fromCharCode((i * 7919 + (i >> 3)) % 256);
    text += '@@@{{{}}}\u0000@misc\u0000{';
    const bibliography = read(text);
    assert.deepEqual(bibliography.entries, []);
    assert.ok(bibliography.problems.length > 0 && bibliography.problems.length <= 101, `${bibliography.problems.length} problems`);
    assert.ok(bibliography.problems.every((problem) => problem.severity === 'error'));
  });

  it('reads a huge single-line value without hanging, leaving out what is too long to convert', () => {
    const longAbstract = 'word '.repeat(200_000);
    const text = `@misc{before, title = {Before}}\n@misc{huge, title = {Huge}, abstract = {${longAbstract}}, eprint = {2106.09685}, archivePrefix = {arXiv}}\n@misc{after, title = {After}}\n`;
    const bibliography = read(text);
    assert.deepEqual(keys(bibliography), ['before', 'huge', 'after']);
    const huge = entry(bibliography, 'huge');
    assert.equal(huge.title, 'Huge');
    assert.equal(huge.abstract, undefined);
    assert.deepEqual(huge.paperKeys, ['arxiv:2106.09685']);
    assert.equal(text.slice(huge.end - 8, huge.end), '{arXiv}}');
    assert.deepEqual(problems(bibliography, text), ["warning: 'abstract' of 'huge' is too long to read (1000000 characters; at most 20000), so it is left out. @ abstract"]);
  });

  it('reads the first names of a collaboration-sized author list', () => {
    const names = Array.from({ length: 2000 }, (_, i) => `Surname${i}, Given`).join(' and ');
    const text = `@article{atlas, title = {Observation of a new particle}, author = {${names}}, eprint = {1207.7214}, archivePrefix = {arXiv}}\n@misc{after, title = {After}}`;
    const bibliography = read(text);
    const atlas = entry(bibliography, 'atlas');
    assert.ok(atlas.authors.length > 500 && atlas.authors.length < 2000, `${atlas.authors.length} authors`);
    assert.equal(atlas.authors[0], 'Given Surname0');
    assert.deepEqual(atlas.paperKeys, ['arxiv:1207.7214']);
    assert.deepEqual(keys(bibliography), ['atlas', 'after']);
    assert.equal(bibliography.problems.length, 1);
    assert.match(bibliography.problems[0].message, /^'author' of 'atlas' is too long to read \(\d+ characters; at most 20000\), so only its first \d+ names are read\.$/);
  });

  it('reads a title with markup, math and escaped specials as plain text', () => {
    const bibliography = read('@misc{k, title = {\\emph{Deep} \\textbf{nets}: 50\\% of $x_1$ Q\\&A --- a\\_b \\{x\\}}}');
    assert.equal(entry(bibliography, 'k').title, 'Deep nets: 50% of x₁ Q&A — a_b {x}');
  });

  it('falls back to editors when there are no authors, and to the date for the year', () => {
    const bibliography = read('@book{k, title = {Edited}, editor = {Smith, Ann and Lee, Bo}, date = {2019-03-01/2019-03-05}}');
    assert.deepEqual(entry(bibliography, 'k').authors, ['Ann Smith', 'Bo Lee']);
    assert.equal(entry(bibliography, 'k').year, '2019');
  });

  it('uses the first of repeated fields, as BibTeX does', () => {
    const bibliography = read('@misc{k, title = {First}, title = {Second}}');
    assert.equal(entry(bibliography, 'k').title, 'First');
  });

  it('takes journal, then booktitle, as the venue', () => {
    assert.equal(entry(read('@article{k, journal = {JMLR}, booktitle = {Ignored}}'), 'k').venue, 'JMLR');
    assert.equal(entry(read('@article{k, journaltitle = {Nature}}'), 'k').venue, 'Nature');
    assert.equal(entry(read('@inproceedings{k, booktitle = {Proc. of {ACL}}}'), 'k').venue, 'Proc. of ACL');
  });

  it('finds keys however they are written', () => {
    const text = '@misc{王2021,title={中}}\n@misc{ spaced , title={S}}\n@misc{\n  nextline,\n title={N}}\n@misc{nofields}\n  @Book{indented, title={I}}\n@misc{k:with/odd-chars_1.2, title={O}}\n@MISC{upper, TITLE={U}}\n';
    const bibliography = read(text);
    assert.deepEqual(keys(bibliography), ['王2021', 'spaced', 'nextline', 'nofields', 'indented', 'k:with/odd-chars_1.2', 'upper']);
    assert.deepEqual(bibliography.entries.map((found) => found.type), ['misc', 'misc', 'misc', 'misc', 'book', 'misc', 'misc']);
    assert.equal(entry(bibliography, 'upper').title, 'U');
    assert.deepEqual(bibliography.problems, []);
  });

  it('never throws, and keeps its offsets right, on token soup', () => {
    const tokens = ['@misc{', '@article(', 'k1', 'k2', ',', ' title = ', ' author = ', '{', '}', '"', '$', '\\', '\\"u', '\\frac', '\\newcommand{x}', '#', 'jan', '@string{s="v"}', '\n', '\r\n', '%', '~', '\\url{', ' and ', '=', ')', '@comment{', '@preamble{', ' year = ', '王', '2106.09685'];
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      let text = '';
      for (let j = 5 + next(40); j > 0; j--) text += tokens[next(tokens.length)];
      assert.doesNotThrow(() => read(text), JSON.stringify(text));
      assert.doesNotThrow(() => read(text.replace(/@\w+[{(]/g, '{"id": "x", "title": '), 'csl-json'), JSON.stringify(text));
    }
  });

  it('finds the same key text among identical entries', () => {
    const text = '@misc{x, title={X}}\n@misc{x, title={X}}\n@misc{x, title={X}}\n';
    const bibliography = read(text);
    assert.equal(bibliography.entries.length, 1);
    assert.deepEqual(bibliography.problems.map((problem) => problem.start), [text.indexOf('x', 20), text.lastIndexOf('x,')]);
  });
});

describe('CSL-JSON files', () => {
  it('reads a Zotero export of an arXiv preprint, a conference paper and a Chinese journal article', () => {
    const text = fixture('zotero-arxiv.json');
    const bibliography = read(text, 'csl-json');
    assert.deepEqual(bibliography.problems, []);
    assert.deepEqual(keys(bibliography), ['huLoRALowRankAdaptation2021', 'vaswaniAttentionAllYou2017', 'wang2023lowrank']);
    const lora = entry(bibliography, 'huLoRALowRankAdaptation2021');
    assert.deepEqual(lora.paperKeys, ['arxiv:2106.09685']);
    assert.equal(lora.title, 'LoRA: Low-Rank Adaptation of Large Language Models');
    assert.deepEqual(lora.authors, ['Edward J. Hu', 'Yelong Shen', 'Phillip Wallis']);
    assert.equal(lora.year, '2021');
    assert.equal(lora.type, 'article');
    assert.equal(lora.url, 'http://arxiv.org/abs/2106.09685');
    assert.match(lora.abstract ?? '', /^An important paradigm/);
    const attention = entry(bibliography, 'vaswaniAttentionAllYou2017');
    assert.equal(attention.title, 'Attention is All you Need');
    assert.deepEqual(attention.authors, ['Ashish Vaswani', 'Łukasz Kaiser', 'Google Brain']);
    assert.equal(attention.venue, 'Advances in Neural Information Processing Systems');
    assert.equal(attention.year, '2017');
    assert.deepEqual(attention.paperKeys, []);
    const chinese = entry(bibliography, 'wang2023lowrank');
    assert.equal(chinese.title, '大模型的低秩适应综述');
    assert.deepEqual(chinese.authors, ['王小明', 'Ludwig van Beethoven']);
    assert.equal(chinese.venue, '计算机学报');
    assert.equal(chinese.year, '2023');
    assert.deepEqual(chinese.paperKeys, ['doi:10.11897/sp.j.1016.2023.00001']);
  });

  it('spans each item object, and its key without quotes; citation-key wins over id', () => {
    const text = fixture('zotero-arxiv.json');
    const bibliography = read(text, 'csl-json');
    const chinese = entry(bibliography, 'wang2023lowrank');
    assert.equal(text.slice(chinese.keyStart - 1, chinese.keyEnd + 1), '"wang2023lowrank"');
    assert.ok(text.slice(chinese.start, chinese.end).includes('"id": "wangDiXiaShiYing2023"'));
    assert.doesNotThrow(() => JSON.parse(text.slice(chinese.start, chinese.end)));
  });

  it('reads what it can of a file with a trailing comma, and points at the comma', () => {
    const text = '[\n  {"id": "a", "title": "A"},\n  {"id": "b", "title": "B"},\n]\n';
    const bibliography = read(text, 'csl-json');
    assert.deepEqual(keys(bibliography), ['a', 'b']);
    assert.deepEqual(problems(bibliography, text), ['error: JSON allows no comma after the last item. @ ,']);
    assert.equal(bibliography.problems[0].start, text.lastIndexOf(','));
  });

  it('reads the items before the end of a truncated file, and says it ends too early', () => {
    const text = '[\n  {"id": "a", "title": "A", "issued": {"date-parts": [[2020]]}},\n  {"id": "b", "title": "Cut sh';
    const bibliography = read(text, 'csl-json');
    assert.equal(entry(bibliography, 'a').year, '2020');
    assert.ok(bibliography.problems.length >= 1);
    assert.ok(bibliography.problems.every((problem) => problem.severity === 'error'));
    assert.match(bibliography.problems[0].message, /string is not closed/);
    assert.equal(bibliography.problems[0].start, text.lastIndexOf('"'));
    assert.match(bibliography.problems[bibliography.problems.length - 1].message, /the file ends too early/);
  });

  it('reports a JSON object instead of an array, and a lone item', () => {
    const object = '{"items": [{"id": "a"}]}';
    assert.deepEqual(problems(read(object, 'csl-json'), object), ['error: A CSL-JSON file is an array of items, not an object. @ {']);
    const lone = '{"id": "a", "type": "article"}';
    assert.deepEqual(problems(read(lone, 'csl-json'), lone), ['error: A CSL-JSON file is an array of items: put this item inside [ ]. @ {']);
    assert.deepEqual(read(lone, 'csl-json').entries, []);
    assert.deepEqual(problems(read('"text"', 'csl-json'), '"text"'), ['error: A CSL-JSON file is an array of items, not a string. @ "']);
  });

  it('reports items without an id or not objects, and reads the others, numeric ids too', () => {
    const text = '[{"title": "No id"}, 42, {"id": "", "title": "Empty id"}, {"id": 7, "title": "Seven"}, {"id": "ok"}]';
    const bibliography = read(text, 'csl-json');
    assert.deepEqual(keys(bibliography), ['7', 'ok']);
    assert.deepEqual(problems(bibliography, text), [
      'error: Item 1 has no "id", so it cannot be cited. @ {"title": "No id"}',
      'error: Item 2 is not an object, so it is not a CSL-JSON item. @ 42',
      'error: Item 3 has no "id", so it cannot be cited. @ {"id": "", "title": "Empty id"}',
    ]);
  });

  it('tells a JSON array that is not CSL at all in a few problems, not one per element', () => {
    const numbers = `[${Array.from({ length: 5000 }, (_, i) => i).join(',')}]`;
    const told = read(numbers, 'csl-json').problems;
    assert.equal(told.length, 21);
    assert.ok(told.some((problem) => /None of the 5000 elements is a CSL-JSON item: this may not be a bibliography/.test(problem.message)));
    const mixed = `[{"id": "ok"}, ${Array.from({ length: 30 }, () => '{"title": "no id"}').join(',')}]`;
    assert.ok(read(mixed, 'csl-json').problems.some((problem) => problem.message === '10 more items without an "id" or not objects are not shown.'));
  });

  it('warns on duplicate ids', () => {
    const text = '[\n{"id": "a", "title": "First"},\n{"id": "a", "title": "Second"}\n]';
    const bibliography = read(text, 'csl-json');
    assert.equal(entry(bibliography, 'a').title, 'First');
    assert.deepEqual(problems(bibliography, text), ["warning: Duplicate citation key 'a': the entry on line 2 is used and this one is ignored. @ a"]);
  });

  it('reads an empty file as empty, and a binary one as a bounded list of errors', () => {
    assert.deepEqual(read('', 'csl-json').problems, []);
    assert.deepEqual(read('  \n', 'csl-json').entries, []);
    const garbage = '\u0000\u0001\u0002PK\u0003\u0004'.repeat(500);
    const bibliography = read(garbage, 'csl-json');
    assert.deepEqual(bibliography.entries, []);
    assert.ok(bibliography.problems.length > 0 && bibliography.problems.length <= 101);
  });

  it('rejects comments, as JSON does, but still reads the items', () => {
    const text = '// exported\n[{"id": "a"}]';
    const bibliography = read(text, 'csl-json');
    assert.deepEqual(keys(bibliography), ['a']);
    assert.deepEqual(problems(bibliography, text), ['error: JSON has no comments. @ // exported']);
  });

  it('reads a file with a byte-order mark', () => {
    const text = '\uFEFF[{"id": "a", "title": "A"}]';
    const bibliography = read(text, 'csl-json');
    assert.deepEqual(keys(bibliography), ['a']);
  });

  describe('identities, dates and names', () => {
    const item = (properties: Record<string, unknown>) => {
      const text = JSON.stringify([{ id: 'k', ...properties }], null, 2);
      const bibliography = read(text, 'csl-json');
      assert.deepEqual(bibliography.problems, []);
      return entry(bibliography, 'k');
    };

    it('takes arXiv IDs from number only where arXiv is named', () => {
      assert.deepEqual(item({ number: '2106.09685', publisher: 'arXiv' }).paperKeys, ['arxiv:2106.09685']);
      assert.deepEqual(item({ number: 'arXiv:2106.09685' }).paperKeys, ['arxiv:2106.09685']);
      assert.deepEqual(item({ number: '2106.09685', 'container-title': 'arXiv preprint' }).paperKeys, ['arxiv:2106.09685']);
      assert.deepEqual(item({ number: '2106.09685', publisher: 'Springer' }).paperKeys, []);
      assert.deepEqual(item({ archive: 'arXiv', archive_location: '2106.09685' }).paperKeys, ['arxiv:2106.09685']);
      assert.deepEqual(item({ URL: 'https://openreview.net/forum?id=abc', DOI: '10.1000/xyz' }).paperKeys, ['doi:10.1000/xyz', 'openreview:abc']);
      assert.deepEqual(item({ note: 'arXiv: 2106.09685' }).paperKeys, ['arxiv:2106.09685']);
      assert.deepEqual(item({ title: 'Nothing' }).paperKeys, []);
    });

    it('reads the year from date-parts, raw, literal or an EDTF string', () => {
      assert.equal(item({ issued: { 'date-parts': [[2021, 6, 17]] } }).year, '2021');
      assert.equal(item({ issued: { 'date-parts': [['2021', '6']] } }).year, '2021');
      assert.equal(item({ issued: { raw: 'June 2021' } }).year, '2021');
      assert.equal(item({ issued: { literal: 'Spring 1999' } }).year, '1999');
      assert.equal(item({ issued: '2020-05-01' }).year, '2020');
      assert.equal(item({ issued: { 'date-parts': [] } }).year, undefined);
      assert.equal(item({ issued: 'someday' }).year, undefined);
    });

    it('writes names with particles and suffixes, literal names as they are', () => {
      assert.deepEqual(item({
        author: [
          { family: 'Fontaine', given: 'Jean', 'non-dropping-particle': 'de la' },
          { family: 'King', given: 'Martin Luther', suffix: 'Jr.' },
          { literal: 'The ATLAS Collaboration' },
          { family: '山田', given: '太郎' },
          { family: 'Plato' },
          'not a name object',
          42,
          {},
        ],
      }).authors, ['Jean de la Fontaine', 'Martin Luther King Jr.', 'The ATLAS Collaboration', '山田太郎', 'Plato', 'not a name object']);
    });

    it('ignores values of the wrong type', () => {
      const odd = item({ title: 42, author: 'Somebody', issued: [2020], URL: { href: 'x' }, DOI: null, type: ['article'] });
      assert.equal(odd.title, '42');
      assert.deepEqual(odd.authors, []);
      assert.equal(odd.year, undefined);
      assert.equal(odd.url, undefined);
      assert.equal(odd.type, '');
    });
  });
});

describe('round trip through the export formats', () => {
  const paper: ExportPaper = {
    paper: { scheme: 'arxiv', id: '2106.09685' },
    citekey: 'hu2021lora',
    title: 'LoRA & QLoRA: 100% of $x_1$ {braces} #1 ~ ^ 低秩适应 — Über',
    authors: ['Edward J. Hu', 'Yelong Shen', '王小明', 'Jürgen Müller', 'Ludwig van Beethoven', 'OpenAI'],
    year: '2021',
    category: 'cs.CL',
  };

  for (const [format, write] of [['bibtex', toBibtex], ['csl-json', (exported: ExportPaper) => JSON.stringify([toCslJson(exported)], null, 2)]] as const) {
    it(`keeps identity, title, authors and year through ${format}`, () => {
      const text = write(paper);
      const bibliography = read(text, format);
      assert.deepEqual(bibliography.problems, []);
      const found = entry(bibliography, 'hu2021lora');
      assert.deepEqual(found.paperKeys, ['arxiv:2106.09685']);
      assert.equal(found.title, paper.title);
      assert.deepEqual(found.authors, paper.authors);
      assert.equal(found.year, '2021');
      assert.equal(found.url, 'https://arxiv.org/abs/2106.09685');
    });

    it(`keeps a DOI paper's identity through ${format}`, () => {
      const text = write({ paper: { scheme: 'doi', id: '10.1145/3219819.3220007' }, citekey: 'doiPaper', title: 'A KDD paper', authors: ['Ann Lee'], year: '2018' });
      const found = entry(read(text, format), 'doiPaper');
      assert.deepEqual(found.paperKeys, ['doi:10.1145/3219819.3220007']);
      assert.equal(found.title, 'A KDD paper');
    });
  }

  // Found by the round trip.
  it('keeps backslashes, dashes, quotes and angle brackets in a title through BibTeX', () => {
    const title = 'a\\b -- c --- `d\' \'\'e\'\' <n> ~x^2';
    const found = entry(read(toBibtex({ ...paper, title })), 'hu2021lora');
    assert.equal(found.title, title);
  });

  it('writes a Chinese name given with a space family name first in CSL-JSON', () => {
    assert.deepEqual(toCslJson({ ...paper, authors: ['王 小明', 'Edward J. Hu'] }).author, [{ family: '王', given: '小明' }, { family: 'Hu', given: 'Edward J.' }]);
  });

  it('keeps an organisation named "X and Y" as one author through BibTeX', () => {
    const found = entry(read(toBibtex({ ...paper, authors: ['Barnes and Noble'] })), 'hu2021lora');
    assert.deepEqual(found.authors, ['Barnes and Noble']);
  });
});
