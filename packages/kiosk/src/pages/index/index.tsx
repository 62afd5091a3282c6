import { Frame, Notice } from '../../ui';
import { CardHint, HotlineFooter, SignedIn, Tiles, WelcomeHead } from './sections';
import { useWelcome } from './useWelcome';

/** The welcome screen: community and clock, who is signed in (or how to sign in), the main functions, the hotline. */
export default function WelcomePage() {
  const { ctx, error, now, signedIn, tiles, speech } = useWelcome();
  return (
    <Frame title="社区便民服务终端" speech={speech} home>
      <WelcomeHead ctx={ctx} now={now} />
      {error && <Notice>{error}（会自动重试）</Notice>}
      {signedIn ? <SignedIn person={signedIn} /> : <CardHint />}
      <Tiles tiles={tiles} signedIn={signedIn !== null} />
      {ctx?.community && <HotlineFooter hotline={ctx.community.hotline} />}
    </Frame>
  );
}
