import { useState } from 'react';
import Taro from '@tarojs/taro';

/**
 * Large-text mode (DESIGN §6): the person's own setting, kept in local storage next to the session so it survives
 * restarts and logouts on this device. `.cc-large-text` (ui/tokens.css) raises every step of the type scale.
 */
const LARGE_TEXT_KEY = 'cc.large_text';
export const LARGE_TEXT_CLASS = 'cc-large-text';

export function largeTextOn(): boolean {
  return Taro.getStorageSync(LARGE_TEXT_KEY) === true;
}

/**
 * Puts the class where every page inherits it. On H5 that is <body> (the tokens are declared on body, and the class
 * selector outranks it); a weapp page cannot reach its <page> from script, so pages also carry `pageTextClass()`.
 */
export function applyLargeText(on: boolean = largeTextOn()): void {
  if (typeof document === 'undefined' || !document.body) return;
  document.body.classList.toggle(LARGE_TEXT_CLASS, on);
}

export function setLargeText(on: boolean): void {
  Taro.setStorageSync(LARGE_TEXT_KEY, on);
  applyLargeText(on);
}

/**
 * The class for a page's root view: large text on weapp, where <body> is out of reach. Empty on H5, where <body>
 * carries it (a page root would keep a stale class until the page renders again).
 */
export function pageTextClass(on: boolean = largeTextOn()): string {
  return on && process.env.TARO_ENV !== 'h5' ? LARGE_TEXT_CLASS : '';
}

/** The switch's state and its setter, for the 大字模式 switch. */
export function useLargeText(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(largeTextOn);
  return [
    on,
    (next: boolean) => {
      setLargeText(next);
      setOn(next);
    },
  ];
}
