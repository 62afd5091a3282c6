import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { applyLargeText } from './settings/largeText';
import './ui/tokens.css';
import './ui/layout.css';
import './app.css';
import './settings/largeText.css';

function App({ children }: PropsWithChildren) {
  // The person's large-text setting from the last visit, before the first page shows.
  useLaunch(() => applyLargeText());
  return children;
}

export default App;
