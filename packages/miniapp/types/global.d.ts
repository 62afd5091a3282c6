/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

/** Build-time constant (config/index.ts, defineConstants); used by the weapp build. */
declare const API_BASE_URL: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | string;
    NODE_ENV?: 'development' | 'production';
  }
}

interface Window {
  /** Set by /runtime-config.js, which the static server writes (H5 only). */
  __CC_CONFIG__?: { apiBaseUrl?: string; wechatSimUrl?: string; wechatPaySimUrl?: string };
}
