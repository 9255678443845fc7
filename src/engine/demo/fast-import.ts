import type { FileSet } from './upstream-files.js';

export interface Person {
  name: string;
  email: string;
}

export interface StreamCommit {
  message: string;
  author: Person;
  /** Unix seconds; used as author, committer and tagger date. */
  time: number;
  files: FileSet;
  tags: string[];
}

/**
 * A `git fast-import` stream writing a whole history to `branch` in one process, with annotated tags.
 * Cheaper than one `git add` + `git commit` per commit when `demo init` creates two dozen repositories.
 */
export function fastImportStream(branch: string, commits: readonly StreamCommit[]): string {
  let out = '';
  const line = (text: string) => (out += `${text}\n`);
  const data = (text: string) => (out += `data ${Buffer.byteLength(text)}\n${text}\n`);
  commits.forEach((c, i) => {
    const who = `${c.author.name} <${c.author.email}> ${c.time} +0000`;
    [`commit refs/heads/${branch}`, `mark :${i + 1}`, `author ${who}`, `committer ${who}`].forEach(line);
    data(`${c.message}\n`);
    for (const [path, file] of Object.entries(c.files)) {
      line(`M ${file.executable ? '100755' : '100644'} inline ${path}`);
      data(file.content);
    }
    for (const tag of c.tags) {
      [`tag ${tag}`, `from :${i + 1}`, `tagger ${who}`].forEach(line);
      data(`Release ${tag}\n`);
    }
  });
  return out;
}
