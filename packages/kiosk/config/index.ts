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

export default defineConfig<'webpack5'>((merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'cc-kiosk',
    date: '2026-11-29',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: 'dist',
    plugins: [],
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'browser' },
      compile: { include: [sharedSrc] },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      // A kiosk loads its bundle once over the local network: webpack's web size hints do not apply.
      webpackChain(chain) {
        pinSingletons(chain);
        chain.performance.hints(false);
      },
      postcss: {
        // Elder mode is specified in CSS pixels (text >= 24 px, targets >= 64 px): keep px as written.
        pxtransform: { enable: false, config: {} },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
  return merge({}, baseConfig);
});
