/// <reference types="@tarojs/taro" />

declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'h5' | string;
    NODE_ENV?: 'development' | 'production';
  }
}

interface Window {
  /** Set by /runtime-config.js, which the static server writes. */
  __CC_CONFIG__?: Record<string, string | undefined>;
}
