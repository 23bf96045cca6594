import type { ErrorClass, Hint } from '../types';

/** The facts a signature's text format carries, beyond its class. */
export type Field = 'endpoint' | 'method' | 'errno' | 'timestamp';

/**
 * How a signature takes part in a multi-line excerpt.
 * - `strong`: the line is an error by itself.
 * - `head`: the line opens an error whose kind is given later in the same trace
 *   (`TypeError: fetch failed` followed by its `[cause]`); it is reported only if a later line of
 *   the trace gives the class.
 * - `context`: the line only counts inside a trace another line opened (`code: 'ECONNRESET'` in a
 *   Node error dump); alone it is as likely to be source code as an error.
 */
export type Role = 'strong' | 'head' | 'context';

/**
 * Where the errno comes from: a fixed symbolic name, the curl exit/error code in capture group 1
 * (`curl`), an errno name or number in capture group 1 (`group`), or a scan of the whole line
 * (`scan`, the default).
 */
export type ErrnoSource = { fixed: string } | 'curl' | 'group' | 'scan';

/** One entry of the catalog: a text format some runtime or tool prints for a network error. */
export interface Signature {
  /** Stable id, `<family>.<what>`, e.g. `go.read-reset`. */
  id: string;
  /** Who prints it: `node`, `go`, `curl`, `nginx`, ... */
  runtime: string;
  /** The class this text means. With `deferClass`, only a fallback. */
  class: ErrorClass;
  /** Further classes the text always shows (a proxy tunnel failing to connect: proxy + refused). */
  also?: ErrorClass[];
  /**
   * The text names the runtime but carries another library's message (`cURL error 7: ...`,
   * `requests.exceptions.ConnectionError: ...`): the class comes from the phrase signatures that
   * match the same line, and `class` applies only when none does.
   */
  deferClass?: boolean;
  /**
   * A front end (git, npm, docker, kubectl) that wraps another runtime's message: it names the
   * runtime, but never makes a finding on its own, since it wraps non-network errors too.
   */
  wrapper?: boolean;
  /**
   * Lower-case literals, one of which the line must contain. They feed the cheap prefilter that
   * runs over every line; the regex runs only on lines that pass it.
   */
  keywords: string[];
  /** Runs on one line; must be free of super-linear backtracking (a unit test checks). */
  pattern: RegExp;
  role?: Role;
  errno?: ErrnoSource;
  /** Maps capture group 1 to a class (e.g. browser `ERR_*` names); unmapped names do not match. */
  classByGroup?: Readonly<Record<string, ErrorClass>>;
  hints?: Hint[];
  /** Fields this format can carry; documentation for people and for the corpus coverage test. */
  extracts: Field[];
  /**
   * Higher wins when several signatures match one line: runtime formats (2) over shared phrases
   * like "Connection reset by peer" (0), tool front ends that wrap another runtime's text (3).
   */
  rank: number;
}
