// Prints the size of the weapp main package and of each sub-package, as WeChat counts them, and
// fails when the main package (or a sub-package) reaches WeChat's 2 MB limit.
// Usage: node scripts/package-size.mjs dist/weapp
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const LIMIT = 2 * 1024 * 1024;
const dir = path.resolve(process.argv[2] ?? 'dist/weapp');

const app = JSON.parse(readFileSync(path.join(dir, 'app.json'), 'utf8'));
const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/+$/, ''));

function* files(d) {
  for (const entry of readdirSync(d, { withFileTypes: true })) {
    const full = path.join(d, entry.name);
    if (entry.isDirectory()) yield* files(full);
    // Source maps are not uploaded with the package.
    else if (!entry.name.endsWith('.map')) yield full;
  }
}

const sizes = new Map([['(main)', 0], ...roots.map((r) => [r, 0])]);
for (const file of files(dir)) {
  const rel = path.relative(dir, file).split(path.sep).join('/');
  const root = roots.find((r) => rel === r || rel.startsWith(`${r}/`)) ?? '(main)';
  sizes.set(root, sizes.get(root) + statSync(file).size);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let total = 0;
let failed = false;
for (const [name, size] of sizes) {
  total += size;
  const over = size >= LIMIT;
  failed ||= over;
  console.log(`${name.padEnd(12)} ${kb(size).padStart(12)}${over ? '  ✗ reaches the 2 MB limit' : ''}`);
}
console.log(`${'total'.padEnd(12)} ${kb(total).padStart(12)}`);
if (failed) {
  console.error('weapp package size check failed: a package is 2 MB or more');
  process.exit(1);
}
