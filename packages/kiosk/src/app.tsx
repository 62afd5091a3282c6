import { useEffect, type PropsWithChildren } from 'react';
import { routes } from '@cc/shared';
import { call, isUnauthorized } from './api';
import { goSetup } from './nav';
import { cacheContext, getCredentials } from './terminal';
// The kit's tokens and component styles come before the page styles, so a page's rule wins over a component's at
// equal specificity whatever order the page chunks load in.
import './ui/tokens.css';
import './ui';
import './app.css';

const HEARTBEAT_MS = 60_000;

/** Tells the API this terminal is alive (operators see 在线/离线), whatever screen is showing. */
function useHeartbeat(): void {
  useEffect(() => {
    const beat = async () => {
      if (!getCredentials()) return;
      try {
        cacheContext(await call(routes.kioskHeartbeat, { body: {} }));
      } catch (e) {
        if (isUnauthorized(e)) goSetup('invalid');
        // Other failures: the next beat tries again.
      }
    };
    const timer = setInterval(() => void beat(), HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, []);
}

function App({ children }: PropsWithChildren) {
  useHeartbeat();
  return children;
}

export default App;
