import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

// packages/shared ships TypeScript source (no build step), so webpack must compile it like our own code.
const sharedSrc = path.resolve(__dirname, '../../shared/src');

/**
 * pnpm gives each workspace package its own copy of Taro's React bridge (their peer sets differ), and
 * some Taro runtime modules import it without declaring it, so they would find another package's copy
 * through pnpm's hidden hoisting: two bridges, and hooks such as useDidShow break. Pin every import
 * of these to this package's own copy.
 */
const PINNED = ['@tarojs/plugin-framework-react'];
function pinSingletons(chain: { resolve: { alias: { set(key: string, value: string): unknown } } }): void {
  for (const name of PINNED) chain.resolve.alias.set(name, path.dirname(require.resolve(`${name}/package.json`)));
}

// NutUI is drawn on a 375 px grid, our own styles on the usual 750 px one.
function designWidth(input?: string | number | { file?: string }): number {
  const file = typeof input === 'object' ? input.file : undefined;
  return file?.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750;
}

export default defineConfig<'webpack5'>((merge) => {
  const isDev = process.env.NODE_ENV === 'development';
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'cc-miniapp',
    date: '2026-11-29',
    designWidth,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // dist/weapp and dist/h5, so the two builds never overwrite each other.
    outputRoot: `dist/${process.env.TARO_ENV ?? 'weapp'}`,
    plugins: ['@tarojs/plugin-html'],
    defineConstants: {
      // The weapp build has no runtime-config.js; its API address is fixed at build time.
      API_BASE_URL: JSON.stringify(process.env.API_BASE_URL || 'https://api.example.invalid'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      webpackChain: pinSingletons,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      // The mini-program is judged by its package size, so no source maps in it.
      enableSourceMap: isDev,
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Real paths (/pages/login/index), served with an index.html fallback by tools/serve-static.ts.
      router: { mode: 'browser' },
      compile: { include: [sharedSrc] },
      esnextModules: ['nutui-react'],
      webpackChain: pinSingletons,
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
  return merge({}, baseConfig, {
    mini: { optimizeMainPackage: { enable: true } },
  });
});
