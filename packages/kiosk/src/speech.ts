import { useEffect, useSyncExternalStore } from 'react';

/**
 * Reading screens aloud (speechSynthesis, zh-CN). On by default: a kiosk for elders should speak
 * unless someone turns it off; the choice is remembered on this terminal.
 */
const KEY = 'cc.kiosk.speech';
const listeners = new Set<() => void>();

function read(): boolean {
  return localStorage.getItem(KEY) !== 'off';
}

export function speechSupported(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined';
}

export function setSpeechOn(on: boolean): void {
  localStorage.setItem(KEY, on ? 'on' : 'off');
  if (!on) stopSpeaking();
  listeners.forEach((l) => l());
}

export function useSpeechOn(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    read,
    read,
  );
}

export function stopSpeaking(): void {
  if (speechSupported()) window.speechSynthesis.cancel();
}

/** Speaks `text` now, replacing whatever is being read. Does nothing when reading is off. */
export function speak(text: string): void {
  if (!read() || !speechSupported() || !text) return;
  const synth = window.speechSynthesis;
  synth.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = 'zh-CN';
  u.rate = 0.9; // a little slower than default, for older listeners
  const voice = synth.getVoices().find((v) => v.lang.toLowerCase().startsWith('zh'));
  if (voice) u.voice = voice;
  synth.speak(u);
}

/** Reads a screen's text when it appears, when the text changes, and when reading is switched on. */
export function useReadAloud(text: string): void {
  const on = useSpeechOn();
  useEffect(() => {
    if (on) speak(text);
  }, [on, text]);
  useEffect(() => stopSpeaking, []);
}
