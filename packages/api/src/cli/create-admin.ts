import { parseArgs } from 'node:util';
import { cliContext } from './context';

/**
 * pnpm create-admin --openid <openid> [--nickname 名字]
 * Makes the WeChat user with that openid an admin (creating the account if they never logged in).
 * There is no built-in admin and no password: this command, run by whoever operates the servers, is the only way in.
 */
const { values } = parseArgs({ options: { openid: { type: 'string' }, nickname: { type: 'string' } } });
if (!values.openid || !/^[A-Za-z0-9_-]{6,64}$/.test(values.openid)) {
  console.error('usage: pnpm create-admin --openid <openid> [--nickname 名字]');
  process.exit(64);
}
const ctx = await cliContext();
try {
  const user = await ctx.identity.users.makeAdmin(values.openid, values.nickname);
  console.log(`admin: ${user._id} (${user.nickname})`);
} finally {
  await ctx.close();
}
