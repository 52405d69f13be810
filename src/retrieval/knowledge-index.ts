import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, type DocumentInput } from '@langchain/core/documents';
import hnswlib from 'hnswlib-node';
import { cached, pushTo } from '../collections.ts';
import { type Analyzed, analyze, type Syllables, syllableForms } from '../text/analyze.ts';
import { stripDiacritics } from '../text/fold.ts';
import { bigrams, isVietnameseSyllable } from '../text/syllables.ts';
import { abbreviation } from '../text/abbreviations.ts';
import { STOPWORDS, typedContent } from '../text/stopwords.ts';
import { addSynonyms, isSynonymWord } from '../text/synonyms.ts';
import { MarkRestorer, type Reading } from '../text/marks.ts';
import { TypoCorrector } from '../text/typos.ts';
import { specificFieldPhrases } from '../text/platforms.ts';
import { casesTold } from '../text/cases.ts';
import { Bm25, type Bm25Json } from './bm25.ts';
import { type Chunk, type ChunkMetadata, chunkGuide } from './chunks.ts';
import type { NamedEmbeddings } from './embeddings.ts';
import { AliasClassifier } from './alias-classifier.ts';
import { EVERYDAY_SENTENCES } from '../text/everyday.ts';
import { ErrorMatcher } from './error-match.ts';
import { type Guide, loadGuides } from './guides.ts';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/**
 * A service title's word pair is specific when at most this share of entries use it: "hôn nhân"
 * is, "trực tuyến" or "cấp lại" (in half the cards) are not.
 */
const SUBJECT_SHARE = 0.05;
/** Chunks taken from the vector search; the rest count as cosine 0. */
const NEIGHBOURS = 60;
/**
 * hnswlib's search breadth. Searching all chunks (ef = their number, ~400) cost 0.31 ms a query;
 * 120 costs 0.20 ms and returned the same top 10 for every fixture question (recall@10 1.000).
 */
const SEARCH_EF = 120;

/** Bump when the on-disk layout or the chunking/tokenising changes: forces a rebuild. 5: chunks are Documents. */
const FORMAT = 5;

interface Manifest {
  format: number;
  embedder: string;
  dimensions: number;
  guides: Record<string, string>;
  builtAt: string;
}

interface LexicalJson {
  original: Bm25Json;
  folded: Bm25Json;
  bigram: Bm25Json;
}

export interface ChunkHit {
  chunk: Chunk;
  index: number;
  lexical: number;
  cosine: number;
}

export interface GuideHit {
  guide: Guide;
  /** Fused score: LEXICAL_WEIGHT·lexical/max + (1−LEXICAL_WEIGHT)·cosine/max over the candidates. */
  score: number;
  lexical: number;
  cosine: number;
  /** IDF-weighted share of the question's content words that this guide contains. */
  coverage: number;
  /** The same for the question's syllable bigrams that involve a content word. */
  bigramCoverage: number;
  /**
   * How few entries use the rarest word pair of the question that this entry contains: 1 when
   * only this entry has it ("hộ chiếu", "khai tử"), near 0 when nearly all do ("hồ sơ", "tài
   * khoản"). A long message covers any entry with domain-common words; this says whether
   * anything specific matched.
   */
  distinctive: number;
  /** The guide's chunks that matched, best first. */
  chunks: ChunkHit[];
}

export interface SearchResult {
  /** The question's folded words after abbreviation expansion and typo correction. */
  tokens: string[];
  contentTokens: string[];
  /** IDF-weighted share of the content words that no guide contains at all ("facebook", "bitcoin"). */
  unknownShare: number;
  /** The same, counting only unknown words that cannot be Vietnamese syllables (brands, foreign words). */
  foreignShare: number;
  /**
   * IDF-weighted share of the content words that only redirect entries use ("sổ đỏ", "thừa kế",
   * "tòa án"): the vocabulary of neighbouring needs that are not ours.
   */
  redirectShare: number;
  hits: GuideHit[];
}

export interface SearchOptions {
  limit?: number;
  /** Extra weight for guides of this topic (follow-up questions). */
  preferTopic?: string | null;
  /** Earlier question a follow-up refers to: its words count, at a fraction of the new ones. */
  context?: string | null;
  /** A follow-up ("còn … thì sao?") asks about something other than the guide just shown. */
  avoidGuide?: string | null;
  /**
   * The rest of a long message (its story around the question): its words count lexically at a
   * small weight, never in coverage or the vector, so they can break ties but not carry an answer.
   */
  background?: string | null;
}

export interface IndexStatus {
  rebuilt: boolean;
  reason: string;
  guides: number;
  chunks: number;
  ms: number;
}

/**
 * Fusion: a convex mix of max-normalised lexical and vector scores. Reciprocal rank fusion was
 * measured first and did worse (hit@1 0.90 vs 0.96 on questions-extra): it keeps only ranks, so a
 * hair's-breadth vector lead outvoted a clear lexical win. 0.7 is the middle of the 0.6–0.8 plateau
 * on our own question set.
 */
const LEXICAL_WEIGHT = 0.7;
const CONTEXT_WEIGHT = 0.35;
/**
 * See search: what the exact-form bonus adds to a marked message's lexical score. 1.2, not the
 * median 1.25: with it the confidence of half A's lines typed without marks is on average that of
 * the same lines with them (+0.005 in scope, +0.013 off topic; 1.25: +0.014, +0.024; none: −0.04).
 */
const UNMARKED_LEXICAL = 1.2;
const BACKGROUND_WEIGHT = 0.15;
const AUDIENCE_PRIOR = 0.9;
/**
 * How much the alias classifier's P(entry | question) adds to the fused score (which is at most 1):
 * enough to settle a near tie between an entry about the subject and one that mentions it. 0.2 on
 * the real development messages and our question sets (0.3 lost in-scope answers, 0.1 gained less).
 */
const CLASSIFIER_WEIGHT = 0.2;
/** Words of someone helping others: then volunteer guides compete on equal terms. */
const VOLUNTEER_CUES = [
  'to cong nghe so',
  'cong nghe so',
  'tinh nguyen',
  'doan vien',
  'thanh vien',
  'giup nguoi',
  'giup ba con',
  'nguoi cao tuoi',
  'nguoi gia',
  'cu gia',
  'ho gia dinh',
  'nop ho',
  'lam ho',
  'giu ho',
  'giu giup',
].map((c) => c.split(' '));

/**
 * An entry for a case (front matter `when`, src/text/cases.ts) scores this much less when the
 * message tells none of that case's words, in its story too. `lost`: "làm thủ tục cấp CCCD" at a
 * temporary address got the lost card's entry, and a woman whose passport photo no longer matched
 * her face after surgery was told to report it lost, which cancels a passport she still holds
 * (review 16, portal-032; also f8-003, f11a-003, f11a-004). Real dev then: 8 replies changed, all to
 * the case the message tells but portal-032; passes as written 372 → 371 (portal-032's harmful
 * reply passed its rubric), 5-fold 203 → 202. `frail`: the entry on elderly and bedridden parents
 * (căn cước, passport, VNeID at home) answered a 4-year-old's card (lf3-008), a card for a man
 * abroad (lf3-019, lf3-022) and an ID number to correct; with the prior, real dev with the aliases
 * copied from it dropped (--unleak 0.3) 193 → 196 in scope, 5-fold 204 → 207, as written ±0.
 */
const CASE_PRIOR = 0.85;
/**
 * An entry that uses none of the phrases of our field the writer typed (specificFieldPhrases:
 * "giấy chứng tử", "hộ khẩu", "vneid") scores this much less: pf3-020, a family sent away when
 * registering a death ("làm thủ tục cấp giấy chứng tử … cán bộ xử lý hồ sơ yêu cầu …"), got the
 * portal's dossier statuses; f7a-007's "tách sổ hộ khẩu" got a part on splitting an electricity
 * meter. Real dev (399) back to back: 0.95 → +1 as written; 0.9 → +1, --unleak 0.5 +1, chat-plain
 * +2, 5-fold ±0; 0.85 and 0.8 lost off-topic lines unleaked. 4 replies change at 0.9.
 */
const SUBJECT_PRIOR = 0.9;

/** Chunks of every guide, searchable lexically (BM25 over three forms) and by vector (hnswlib). */
export class KnowledgeIndex {
  readonly guides: Map<string, Guide>;
  /** Error entries by the texts citizens quote. */
  readonly errors: ErrorMatcher;
  /** Which entry the question's words point to, learnt from titles and aliases. */
  private readonly classifier: AliasClassifier;
  /** Marks put back on messages typed without them, learnt from the entries' own text. */
  private readonly marks: MarkRestorer;
  private readonly typos: TypoCorrector;
  /** Which guides use a folded word / a syllable pair: coverage is summed word by word, not guide by guide. */
  private readonly wordGuides = new Map<string, Set<string>>();
  private readonly pairGuides = new Map<string, Set<string>>();
  /** Which guides use a word with its marks ("tử", "đỏ"): for words a question typed as content that fold to stopwords. */
  private readonly markedGuides = new Map<string, Set<string>>();
  /** Folded words some entry other than a redirect uses. */
  private readonly ourWords = new Set<string>();
  /** Syllable pairs of each chunk (by index), computed once: answers compare them per question. */
  private readonly chunkPairs: Set<string>[] = [];
  /** Each guide's chunk indices, in index order. */
  private readonly chunksOf = new Map<string, number[]>();
  /** Three-syllable runs of service card titles that name the service (see namesOurSubject). */
  private readonly subjectRuns = new Set<string>();
  /**
   * The guides in order, and each chunk's guide by that order: a search sums its scores in arrays
   * by guide, not in maps by id (most guides match some common word).
   */
  private readonly guideList: Guide[];
  private readonly chunkGuide: Int32Array;
  /** wordGuides' and pairGuides' sets as guide numbers, made at first use. */
  private readonly numbered = new WeakMap<ReadonlySet<string>, Int32Array>();
  private readonly guideNumber = new Map<string, number>();
  /** Each guide's entry number in the alias classifier. */
  private readonly classifierEntry: Int32Array;

  private constructor(
    guides: Guide[],
    /** The guides as their files say, before any examples editors added (withAliases). */
    private readonly base: Guide[],
    readonly chunks: Chunk[],
    private readonly lexical: { original: Bm25; folded: Bm25; bigram: Bm25 },
    private readonly vectors: Hnsw,
    readonly embeddings: NamedEmbeddings,
    /** Each chunk's analysis, when the caller already made it for the lexical tables. */
    forms: Analyzed[] = chunks.map((c) => analyze(c.pageContent)),
  ) {
    this.guides = new Map(guides.map((g) => [g.id, g]));
    this.guideList = [...this.guides.values()];
    for (const [k, g] of this.guideList.entries()) this.guideNumber.set(g.id, k);
    this.chunkGuide = Int32Array.from(chunks, (c) => this.guideNumber.get(c.metadata.guideId) ?? -1);
    this.errors = new ErrorMatcher(guides);
    this.classifier = new AliasClassifier(guides);
    this.marks = new MarkRestorer([
      ...guides.flatMap((g) => [g.title, ...g.aliases, ...g.sections.map((s) => `${s.heading}\n${s.body}`)]),
      ...EVERYDAY_SENTENCES,
    ]);
    const entries = new Map(this.classifier.ids.map((id, k) => [id, k]));
    this.classifierEntry = Int32Array.from(this.guideList, (g) => entries.get(g.id) ?? -1);
    // Most frequent first: a misspelling equally close to two words maps to the commoner one.
    const terms = lexical.folded.terms().sort((a, b) => lexical.folded.docFrequency(b) - lexical.folded.docFrequency(a));
    this.typos = new TypoCorrector(new Set(terms), (a, b) => lexical.bigram.docFrequency(`${a}_${b}`));
    const note = (map: Map<string, Set<string>>, key: string, guideId: string) => {
      const set = map.get(key);
      if (set) set.add(guideId);
      else map.set(key, new Set([guideId]));
    };
    for (const [i, { metadata }] of chunks.entries()) {
      const a = forms[i]!;
      const ours = this.guides.get(metadata.guideId)?.kind !== 'redirect';
      for (const t of a.folded) {
        note(this.wordGuides, t, metadata.guideId);
        if (ours) this.ourWords.add(t);
      }
      for (const t of a.bigrams) note(this.pairGuides, t, metadata.guideId);
      for (const o of a.original) if (STOPWORDS.has(stripDiacritics(o))) note(this.markedGuides, o, metadata.guideId);
      this.chunkPairs.push(new Set(a.bigrams));
      pushTo(this.chunksOf, metadata.guideId, i);
    }
    const redirects = new Set(guides.filter((g) => g.kind === 'redirect').map((g) => g.id));
    const rare = Math.max(2, SUBJECT_SHARE * guides.length);
    // A title's "khai tử", "sổ đỏ" are content pairs though "tử", "đỏ" fold to stopwords.
    const usable = (b: string, marked: ReadonlySet<string>) => {
      const users = this.pairGuides.get(b);
      return (
        users !== undefined && (b.split('_').every(isContent) || marked.has(b)) && ![...users].some((id) => redirects.has(id))
      );
    };
    const rarePair = (b: string) => (this.pairGuides.get(b)?.size ?? Number.POSITIVE_INFINITY) <= rare;
    for (const g of guides) {
      if (g.kind !== 'service') continue;
      const title = analyze(g.title);
      const words = title.folded;
      const marked = typedContent(title.original).pairs;
      for (let i = 0; i + 2 < words.length; i++) {
        const [a, b] = [`${words[i]}_${words[i + 1]}`, `${words[i + 1]}_${words[i + 2]}`];
        if (usable(a, marked) && usable(b, marked) && (rarePair(a) || rarePair(b)))
          this.subjectRuns.add(words.slice(i, i + 3).join(' '));
      }
    }
  }

  /**
   * Does the message name a service we have a card for — three syllables running in a service
   * card's title, a pair of them used by few entries and none by a redirect ("tình trạng hôn
   * nhân", "lý lịch tư pháp")? One pair alone also matched words split across a title's words
   * ("mua điện" of "điện thoại", "sở hữu", "nhà trọ") in off-topic messages.
   * The field grows with the knowledge: a new card makes its service ours without a word list to
   * keep in step (src/text/platforms.ts FIELD holds the rest).
   */
  namesOurSubject(tokens: readonly string[]): boolean {
    for (let i = 0; i + 2 < tokens.length; i++)
      if (this.subjectRuns.has(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`)) return true;
    return false;
  }

  /** How many entries use a word pair ("khai_sinh") anywhere: how specific a subject it names. */
  pairUsers(pair: string): number {
    return this.pairGuides.get(pair)?.size ?? 0;
  }

  static async build(guides: Guide[], embeddings: NamedEmbeddings): Promise<KnowledgeIndex> {
    const chunks = guides.flatMap(chunkGuide);
    const forms = chunks.map((c) => analyze(c.pageContent));
    const lexical = lexicalTables(forms);
    const vecs = await embeddings.embedDocuments(chunks.map((c) => c.pageContent));
    const dim = vecs[0]?.length ?? 1;
    const hnsw = new HierarchicalNSW('cosine', dim);
    hnsw.initIndex({ maxElements: Math.max(1, chunks.length), m: 16, efConstruction: 200, randomSeed: 42 });
    vecs.forEach((v, i) => {
      if (v.length !== dim) throw new Error(`embedder returned ${v.length} dimensions for chunk ${i}, expected ${dim}`);
      hnsw.addPoint(v, i);
    });
    hnsw.setEf(SEARCH_EF);
    return new KnowledgeIndex(guides, guides, chunks, lexical, hnsw, embeddings, forms);
  }

  /**
   * Loads the persisted index from `dir` when it was built from exactly these guides with this
   * embedder; otherwise builds it and writes it there. Never rebuilds on an ordinary start.
   */
  static async open(opts: { knowledgeDir: string; indexDir: string; embeddings: NamedEmbeddings; force?: boolean }): Promise<{
    index: KnowledgeIndex;
    status: IndexStatus;
  }> {
    const started = performance.now();
    const guides = loadGuides(opts.knowledgeDir);
    const hashes = Object.fromEntries(guides.map((g) => [g.id, g.hash]).sort(([a], [b]) => a!.localeCompare(b!)));
    const manifestFile = join(opts.indexDir, 'manifest.json');
    let reason = opts.force ? 'forced' : 'no index yet';
    if (!opts.force && existsSync(manifestFile)) {
      try {
        const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
        reason = staleReason(m, hashes, opts.embeddings.id);
        if (!reason) {
          const index = KnowledgeIndex.read(opts.indexDir, guides, m, opts.embeddings);
          return {
            index,
            status: {
              rebuilt: false,
              reason: 'up to date',
              guides: guides.length,
              chunks: index.chunks.length,
              ms: performance.now() - started,
            },
          };
        }
      } catch (err) {
        reason = `unreadable index (${err instanceof Error ? err.message : String(err)})`;
      }
    }
    const index = await KnowledgeIndex.build(guides, opts.embeddings);
    index.write(opts.indexDir, hashes);
    return {
      index,
      status: { rebuilt: true, reason, guides: guides.length, chunks: index.chunks.length, ms: performance.now() - started },
    };
  }

  private static read(dir: string, guides: Guide[], m: Manifest, embeddings: NamedEmbeddings): KnowledgeIndex {
    const chunks = (JSON.parse(readFileSync(join(dir, 'chunks.json'), 'utf8')) as DocumentInput<ChunkMetadata>[]).map(
      (d) => new Document(d),
    );
    const lex = JSON.parse(readFileSync(join(dir, 'lexical.json'), 'utf8')) as LexicalJson;
    const hnsw = new HierarchicalNSW('cosine', m.dimensions);
    hnsw.readIndexSync(join(dir, 'vectors.hnsw'));
    if (hnsw.getCurrentCount() !== chunks.length) throw new Error('vector count does not match chunks');
    hnsw.setEf(SEARCH_EF);
    const lexical = {
      original: Bm25.fromJSON(lex.original),
      folded: Bm25.fromJSON(lex.folded),
      bigram: Bm25.fromJSON(lex.bigram),
    };
    return new KnowledgeIndex(guides, guides, chunks, lexical, hnsw, embeddings);
  }

  /**
   * The same index with `extra` aliases (example messages editors attached, by guide id) added to
   * the files' own, as if the files said so: only the intro chunks carry aliases, so only their
   * vectors are recomputed (updated in place — labels stay), and the lexical tables are rebuilt
   * (every document frequency may move). Built in memory, never written: the persisted index stays
   * the files' one. Guides not known here are skipped.
   */
  async withAliases(extra: Readonly<Record<string, readonly string[]>>): Promise<KnowledgeIndex> {
    const guides = this.base.map((g) => {
      const more = (extra[g.id] ?? []).filter((a) => a.trim() && !g.aliases.includes(a));
      return more.length > 0 ? { ...g, aliases: [...g.aliases, ...more] } : g;
    });
    const chunks = guides.flatMap(chunkGuide);
    if (chunks.length !== this.chunks.length || chunks.some((c, i) => c.metadata.guideId !== this.chunks[i]!.metadata.guideId))
      throw new Error('chunk layout changed: aliases must only change intro chunks');
    const changed = chunks.map((_c, i) => i).filter((i) => chunks[i]!.pageContent !== this.chunks[i]!.pageContent);
    const vecs = changed.length > 0 ? await this.embeddings.embedDocuments(changed.map((i) => chunks[i]!.pageContent)) : [];
    const forms = chunks.map((c) => analyze(c.pageContent));
    const lexical = lexicalTables(forms);
    // hnswlib replaces the vector of a label it already holds; searches in flight are synchronous,
    // so none sees half of it.
    changed.forEach((label, k) => {
      this.vectors.addPoint(vecs[k]!, label);
    });
    return new KnowledgeIndex(guides, this.base, chunks, lexical, this.vectors, this.embeddings, forms);
  }

  /** Writes into a temporary folder, then swaps it in, so a crash never leaves half an index. */
  private write(dir: string, hashes: Record<string, string>): void {
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'chunks.json'), JSON.stringify(this.chunks));
    const lex: LexicalJson = {
      original: this.lexical.original.toJSON(),
      folded: this.lexical.folded.toJSON(),
      bigram: this.lexical.bigram.toJSON(),
    };
    writeFileSync(join(tmp, 'lexical.json'), JSON.stringify(lex));
    this.vectors.writeIndexSync(join(tmp, 'vectors.hnsw'));
    const manifest: Manifest = {
      format: FORMAT,
      embedder: this.embeddings.id,
      dimensions: this.vectors.getNumDimensions(),
      guides: hashes,
      builtAt: new Date().toISOString(),
    };
    writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // Another replica sharing DATA_DIR swapped its (identical) index in first: keep theirs.
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(join(dir, 'manifest.json'))) throw err;
    }
  }

  /** The guides of `ids` as numbers (see guideList). */
  private numbers(ids: ReadonlySet<string>): Int32Array {
    return cached(this.numbered, ids, () => Int32Array.from(ids, (id) => this.guideNumber.get(id)!));
  }

  /** Does some entry use this folded word (typed as content in `forms`: in one of those forms)? */
  private knows(t: string, forms: ReadonlySet<string> | undefined): boolean {
    return forms ? [...forms].some((o) => this.markedGuides.has(o)) : this.lexical.folded.has(t);
  }

  /** The folded syllable pairs of chunk `index`. */
  pairsOf(index: number): ReadonlySet<string> {
    return this.chunkPairs[index]!;
  }

  /** Does guide `id` use this folded phrase ("ho chieu": each of its syllable pairs; one word: the word)? */
  guideUses(id: string, phrase: string): boolean {
    const w = phrase.split(' ');
    if (w.length === 1) return this.wordGuides.get(w[0]!)?.has(id) ?? false;
    return w.slice(1).every((x, i) => this.pairGuides.get(`${w[i]}_${x}`)?.has(id) ?? false);
  }

  /** A message as the entries would write it: marks put back, chat abbreviations spelt out (MarkRestorer.read). */
  read(text: string): Reading {
    return this.marks.read(text);
  }

  /**
   * Folded question words, abbreviations expanded, misspellings mapped to the guides' words.
   * `analysed`: analyze(question), when the caller has it already.
   */
  normalise(question: string, analysed?: Syllables): string[] {
    return addSynonyms(this.corrected(question, analysed));
  }

  /** The question's folded words with misspellings mapped, before everyday phrases gain the guides' wording. */
  private corrected(question: string, a: Syllables = syllableForms(question)): string[] {
    // A word typed with its tone marks exactly as the texts write it ("tháng") is no typo, however
    // well its folded form pairs as another word ("trang 4", page 4). A word spelt as Vietnamese
    // is kept too (see TypoCorrector.correct's `typed`); "quyen" typed without marks is still "quên".
    const keep = new Set(
      a.original.filter((o) => stripDiacritics(o) !== o && this.lexical.original.has(o)).map((o) => stripDiacritics(o)),
    );
    return this.typos.correct(a.folded, keep, a.original);
  }

  async search(question: string, opts: SearchOptions = {}): Promise<SearchResult> {
    const asTyped = syllableForms(question);
    // Typed without marks: read with the likeliest ones put back, chat abbreviations spelt out
    // (MarkRestorer), as GuideEngine reads a whole message. A restored form is one the entries write
    // in that context, so spelling correction takes it as typed, as it does the writer's own marks.
    const plain = stripDiacritics(question) === question;
    const analysed = { ...asTyped, original: this.marks.readSyllables(asTyped.original, plain) };
    const typed = this.corrected(question, analysed);
    const tokens = addSynonyms(typed);
    // "khai tử", "sổ đỏ", "xe máy" typed with their marks: content, though they fold to "từ", "đó", "mấy".
    const marked = typedContent(analysed.original);
    const content = (t: string) => isContent(t) || marked.words.has(t);
    const contentPair = (b: string) => b.split('_').every(content) || marked.pairs.has(b);
    const contentTokens = [...new Set(tokens.filter(content))];
    const tokenPairs = bigrams(tokens);
    const contentBigrams = [...new Set(tokenPairs.filter((b) => b.split('_').some(content) || marked.pairs.has(b)))];
    const n = this.chunks.length;
    const lex = new Float64Array(n);
    this.lexical.folded.score(tokens, lex, 1);
    this.lexical.bigram.score(tokenPairs, lex, 0.8);
    const context = opts.context ? this.normalise(opts.context) : [];
    if (context.length > 0) {
      this.lexical.folded.score(context, lex, CONTEXT_WEIGHT);
      this.lexical.bigram.score(bigrams(context), lex, 0.8 * CONTEXT_WEIGHT);
    }
    // Corrected once: the story's words are read for the score, for the phrases it names and for loss.
    const backgroundForms = opts.background ? syllableForms(opts.background) : undefined;
    const backgroundTyped = opts.background ? this.corrected(opts.background, backgroundForms) : [];
    const background = addSynonyms(backgroundTyped);
    if (background.length > 0) {
      this.lexical.folded.score(background, lex, BACKGROUND_WEIGHT);
      this.lexical.bigram.score(bigrams(background), lex, 0.8 * BACKGROUND_WEIGHT);
    }
    // Diacritics typed by the user disambiguate (đăng vs đang): a small bonus for exact forms.
    if (!plain || analysed.original.some((o, i) => o !== asTyped.original[i])) this.lexical.original.score(analysed.original, lex, 0.4);
    // A message typed without marks gets no such bonus, so its best entry's lexical score came out
    // lower (dev half A, marked / stripped: 1.25 median, quartiles 1.21–1.27) and the confidence
    // model, fitted mostly on marked text, turned away plain-typed messages it answered with marks
    // (half A stripped of marks: in scope 94 → 82 passes). Scaling keeps every ranking (the fused
    // score reads lexical / its maximum); only the confidence features see the marked scale.
    else for (let i = 0; i < n; i++) lex[i]! *= UNMARKED_LEXICAL;

    const cos = new Float64Array(n);
    if (tokens.length > 0) {
      const qv = await this.embeddings.embedQuery([...tokens, ...context].join(' '));
      const k = Math.min(n, NEIGHBOURS);
      const res = this.vectors.searchKnn(qv, k);
      res.neighbors.forEach((label, i) => {
        cos[label] = 1 - res.distances[i]!;
      });
    }

    // Per guide: its two best lexical chunks and best cosine, in one pass. Most guides match some
    // common word, so their chunk lists are built and sorted only for the few that are returned.
    const guideCount = this.guideList.length;
    const lex1 = new Float64Array(guideCount);
    const lex2 = new Float64Array(guideCount);
    const bestCos = new Float64Array(guideCount);
    // Guides in the order their first matching chunk comes: ties keep that order when sorted.
    const matched: number[] = [];
    const seen = new Uint8Array(guideCount);
    for (let i = 0; i < n; i++) {
      if (lex[i] === 0 && cos[i] === 0) continue;
      const g = this.chunkGuide[i]!;
      const l = lex[i]!;
      if (!seen[g]) {
        seen[g] = 1;
        matched.push(g);
        lex1[g] = l;
        lex2[g] = 0;
        bestCos[g] = cos[i]!;
      } else {
        if (l > lex1[g]!) {
          lex2[g] = lex1[g]!;
          lex1[g] = l;
        } else if (l > lex2[g]!) lex2[g] = l;
        if (cos[i]! > bestCos[g]!) bestCos[g] = cos[i]!;
      }
    }
    const rows = matched.map((g) => ({ g, lexical: lex1[g]! + 0.3 * lex2[g]!, cosine: bestCos[g]! }));
    let maxLex = 1e-9;
    let maxCos = 1e-9;
    for (const r of rows) {
      if (r.lexical > maxLex) maxLex = r.lexical;
      if (r.cosine > maxCos) maxCos = r.cosine;
    }
    // IDF mass of the question's words (and pairs) each guide contains.
    const coverage = (terms: string[], idf: (t: string) => number, users: (t: string) => ReadonlySet<string> | undefined) => {
      const byGuide = new Float64Array(guideCount);
      let sum = 0;
      for (const t of terms) {
        const w = idf(t);
        sum += w;
        const of = users(t);
        if (!of) continue;
        const gs = this.numbers(of);
        for (let k = 0; k < gs.length; k++) byGuide[gs[k]!]! += w;
      }
      return { sum, byGuide };
    };
    // A word typed as content that folds to a stopword ("tủ", not "từ") is covered by the guides
    // that use it with its marks, at that form's rarity: "tủ lạnh" is no match for every "từ".
    const markedUsers = new Map<string, Set<string>>();
    for (const [t, forms] of marked.forms) {
      const users = new Set<string>();
      for (const o of forms) for (const g of this.markedGuides.get(o) ?? []) users.add(g);
      markedUsers.set(t, users);
    }
    const wordUsers = (t: string) => markedUsers.get(t) ?? this.wordGuides.get(t);
    const wordIdf = (t: string) => {
      const forms = marked.forms.get(t);
      if (!forms) return this.lexical.folded.idf(t);
      return Math.max(...[...forms].map((o) => this.lexical.original.idf(o)));
    };
    const words = coverage(contentTokens, wordIdf, wordUsers);
    const pairs = coverage(
      contentBigrams,
      (b) => this.lexical.bigram.idf(b),
      (b) => this.pairGuides.get(b),
    );
    const idfSum = words.sum;
    const bidfSum = pairs.sum;
    const distinctive = new Float64Array(guideCount);
    const spread = Math.log(Math.max(2, this.guides.size));
    // Pairs of two content words ("hộ chiếu", "khai tử"): "hồ sơ này", "làm hộ" are rare by accident,
    // not specific. (Counting single words too gave the model nothing: cross-validated log-loss
    // 0.2190 → 0.2193, against 0.2186 → 0.2135 for pairs only.)
    for (const b of contentBigrams) {
      const of = this.pairGuides.get(b);
      if (!of || !contentPair(b)) continue;
      const d = Math.max(0, Math.log(this.guides.size / of.size) / spread);
      const gs = this.numbers(of);
      for (let k = 0; k < gs.length; k++) if (d > distinctive[gs[k]!]!) distinctive[gs[k]!] = d;
    }
    const volunteerAsking = VOLUNTEER_CUES.some((cue) =>
      cue.every((w, k) => tokens.some((t, i) => t === w && (k === 0 || tokens[i - 1] === cue[k - 1]))),
    );
    // The phrases of our field the writer typed ("giấy chứng tử", "hộ khẩu"), in the story too.
    const named = specificFieldPhrases([...typed, ...backgroundTyped]);
    // Anywhere in the message: "mất hết giấy tờ" is often told before the question.
    const said = [...analysed.original, ...(backgroundForms?.original ?? [])].map((o) => o.toLowerCase());
    const told = casesTold(said);
    // The classifier learnt people's own wording (aliases), so it reads theirs, not the added synonyms.
    const intents = this.classifier.posteriors(typed);
    const scores = rows.map((r) => {
      const guide = this.guideList[r.g]!;
      let score = LEXICAL_WEIGHT * (r.lexical / maxLex) + (1 - LEXICAL_WEIGHT) * (r.cosine / maxCos);
      score += CLASSIFIER_WEIGHT * (intents?.[this.classifierEntry[r.g]!] ?? 0);
      if (opts.preferTopic && guide.topic === opts.preferTopic) score *= 1.15;
      if (opts.avoidGuide && guide.id === opts.avoidGuide) score *= 0.8;
      // Most askers are citizens: a guide for volunteers only wins when the question sounds like one.
      if (guide.audience === 'volunteer' && !volunteerAsking) score *= AUDIENCE_PRIOR;
      if (guide.when && !told.has(guide.when)) score *= CASE_PRIOR;
      if (named.length > 0 && !named.some((p) => this.guideUses(guide.id, p))) score *= SUBJECT_PRIOR;
      return score;
    });
    const order = best(rows.length, opts.limit ?? 10, (a, b) => scores[b]! - scores[a]! || rows[b]!.lexical - rows[a]!.lexical);
    const hits: GuideHit[] = order.map((k) => {
      const r = rows[k]!;
      const guide = this.guideList[r.g]!;
      const chunks: ChunkHit[] = [];
      for (const i of this.chunksOf.get(guide.id) ?? []) {
        if (lex[i] !== 0 || cos[i] !== 0) chunks.push({ chunk: this.chunks[i]!, index: i, lexical: lex[i]!, cosine: cos[i]! });
      }
      chunks.sort((a, b) => b.lexical - a.lexical || b.cosine - a.cosine);
      return {
        guide,
        score: scores[k]!,
        lexical: r.lexical,
        cosine: r.cosine,
        coverage: idfSum > 0 ? words.byGuide[r.g]! / idfSum : 0,
        bigramCoverage: bidfSum > 0 ? pairs.byGuide[r.g]! / bidfSum : 0,
        distinctive: distinctive[r.g]!,
        chunks,
      };
    });
    // Unknown words, and those of them that cannot be Vietnamese syllables: one pass.
    let unknownIdf = 0;
    let foreignIdf = 0;
    for (const t of contentTokens) {
      if (this.knows(t, marked.forms.get(t)) || isSynonymWord(t) || abbreviation(t)) continue;
      const w = wordIdf(t);
      unknownIdf += w;
      if (!isVietnameseSyllable(t)) foreignIdf += w;
    }
    const share = (x: number) => (idfSum > 0 ? x / idfSum : 0);
    return {
      tokens,
      contentTokens,
      unknownShare: share(unknownIdf),
      foreignShare: share(foreignIdf),
      redirectShare: share(
        contentTokens.reduce((s, t) => s + (this.wordGuides.has(t) && !this.ourWords.has(t) ? this.lexical.folded.idf(t) : 0), 0),
      ),
      hits,
    };
  }
}

/**
 * The first `limit` of 0…n−1 in the order `compare` sorts them, ties kept in index order, as a
 * stable sort then slice would give: a search keeps 10 of some 250 matched guides.
 */
function best(n: number, limit: number, compare: (a: number, b: number) => number): number[] {
  if (!Number.isInteger(limit) || limit < 0)
    return Array.from({ length: n }, (_, k) => k)
      .sort(compare)
      .slice(0, limit);
  const top: number[] = [];
  if (limit === 0) return top;
  for (let k = 0; k < n; k++) {
    if (top.length === limit && compare(top[limit - 1]!, k) <= 0) continue;
    // After every kept one it does not beat: equals stay in index order.
    let at = top.length;
    while (at > 0 && compare(top[at - 1]!, k) > 0) at--;
    top.splice(at, 0, k);
    if (top.length > limit) top.pop();
  }
  return top;
}

/** Words that carry meaning for coverage: not function words, not bare numbers or 1–2 letter noise. */
function isContent(t: string): boolean {
  return !STOPWORDS.has(t) && !/^\d+$/.test(t) && t.length > 1;
}

function staleReason(m: Manifest, hashes: Record<string, string>, embedder: string): string {
  if (m.format !== FORMAT) return `index format ${m.format} → ${FORMAT}`;
  if (m.embedder !== embedder) return `embedder changed (${m.embedder} → ${embedder})`;
  const changed = Object.keys(hashes).filter((id) => m.guides[id] !== hashes[id]);
  const removed = Object.keys(m.guides).filter((id) => !(id in hashes));
  if (changed.length || removed.length)
    return `guides changed: ${[...changed, ...removed.map((r) => `-${r}`)].slice(0, 5).join(', ')}`;
  return '';
}

/** The three BM25 tables over the chunks' exact, folded and syllable-pair forms. */
function lexicalTables(forms: Analyzed[]): { original: Bm25; folded: Bm25; bigram: Bm25 } {
  return {
    original: Bm25.build(forms.map((f) => f.original)),
    folded: Bm25.build(forms.map((f) => f.folded)),
    bigram: Bm25.build(forms.map((f) => f.bigrams)),
  };
}
