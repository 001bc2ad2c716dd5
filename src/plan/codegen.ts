// Codegen mode (debug.writeCodegen): "Found N WholeStageCodegen subtrees." then, per subtree,
// "== Subtree i / N (maxMethodCodeSize:..; maxConstantPoolSize:..(x% used); numInnerClasses:..) ==",
// the subtree's plan, a blank line, "Generated code:" and the numbered Java source.

import type { CodegenSubtree, PlanSection } from './model';
import { buildTree, type BuildContext, type SourceLine } from './tree';
import { isBlank } from './tree-line';

export const CODEGEN_FOUND = /^Found (\d+) WholeStageCodegen subtrees?\.?\s*$/;
const SUBTREE_HEADER = /^== Subtree (\d+) \/ (\d+)(?: \((.*)\))? ==\s*$/;
const CODE_START = /^Generated code:\s*$/;

/** Parses a whole codegen-mode output into one 'codegen' section. Never throws. */
export function parseCodegen(lines: readonly SourceLine[], raw: string, ctx: BuildContext): PlanSection {
  const first = lines.findIndex((l) => !isBlank(l.text));
  const found = first >= 0 ? CODEGEN_FOUND.exec(lines[first].text) : null;
  const section: PlanSection = {
    kind: 'codegen',
    title: found ? lines[first].text.trim() : '',
    raw,
    line: first >= 0 ? lines[first].line : 0,
    codegenSubtrees: [],
    unparsed: [],
  };
  if (found) section.codegenSubtreeCount = Number(found[1]);
  let i = found ? first + 1 : 0;
  while (i < lines.length) {
    const header = SUBTREE_HEADER.exec(lines[i].text);
    if (!header) {
      if (!isBlank(lines[i].text)) section.unparsed.push(lines[i].text);
      i++;
      continue;
    }
    const start = i++;
    const treeLines: SourceLine[] = [];
    while (i < lines.length && !CODE_START.test(lines[i].text) && !SUBTREE_HEADER.test(lines[i].text)) {
      treeLines.push(lines[i++]);
    }
    const codeLines: string[] = [];
    if (i < lines.length && CODE_START.test(lines[i].text)) {
      i++;
      while (i < lines.length && !SUBTREE_HEADER.test(lines[i].text)) codeLines.push(lines[i++].text);
    }
    while (codeLines.length > 0 && isBlank(codeLines[codeLines.length - 1])) codeLines.pop();
    const subtree: CodegenSubtree = {
      index: Number(header[1]),
      total: Number(header[2]),
      header: {},
      code: codeLines.join('\n'),
      raw: lines.slice(start, i).map((l) => l.text).join('\n'),
    };
    for (const part of (header[3] ?? '').split(';')) {
      const kv = /^\s*(\w+):(\d+)(?:\(([\d.]+)% used\))?\s*$/.exec(part);
      if (!kv) continue;
      subtree.header[kv[1]] = Number(kv[2]);
      if (kv[3] !== undefined) subtree.constantPoolUsedPercent = Number(kv[3]);
    }
    const tree = buildTree(treeLines, false, ctx);
    if (tree.root) subtree.root = tree.root;
    section.unparsed.push(...tree.unparsed);
    const stage = tree.root?.codegenStage ?? Number(/codegenStageId=(\d+)/.exec(subtree.code)?.[1] ?? NaN);
    if (!Number.isNaN(stage)) subtree.codegenStage = stage;
    section.codegenSubtrees?.push(subtree);
  }
  return section;
}
