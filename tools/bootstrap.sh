# Sourced by start.sh and test.sh: needs only Node.js, npm, Java 17 + Maven and Debian's apt on the machine.
want_pnpm="$(node -p "require('./package.json').packageManager.split('@')[1]")"
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$want_pnpm" ]; then
  echo "installing pnpm $want_pnpm (npm)…"
  npm install -g --silent "pnpm@$want_pnpm"
fi
pnpm install --frozen-lockfile --reporter=append-only | tail -n 3
