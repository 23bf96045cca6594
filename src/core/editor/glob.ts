/**
 * Minimal glob support for the watched-logs setting: `*`, `**`, `?`, `[...]` and `{a,b}` over
 * '/'-separated paths, and the literal directory a pattern starts from.
 */

/** A RegExp matching whole paths against `glob` (no regex input ever reaches the engine unescaped). */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let inClass = false;
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (inClass) {
      if (c === ']') inClass = false;
      re += c === '\\' ? '\\\\' : c;
      continue;
    }
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more directories; a trailing `**` matches the rest.
        if (glob[i + 2] === '/') {
          re += '(?:[^/]*/)*';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      inClass = true;
      re += '[';
      if (glob[i + 1] === '!') {
        re += '^';
        i++;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|\\{}]/g, '\\$&');
  }
  if (inClass) re += ']';
  re += ')'.repeat(braces);
  return new RegExp(`^${re}$`);
}

/** The directory part of `glob` before its first wildcard segment ("/var/log/app" for "/var/log/app/*.log"). */
export function globBase(glob: string): { base: string; rest: string } {
  const parts = glob.split('/');
  const literal: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (/[*?[{]/.test(p)) break;
    literal.push(p);
  }
  const base = literal.join('/') || (glob.startsWith('/') ? '/' : '.');
  return { base, rest: parts.slice(literal.length).join('/') };
}
