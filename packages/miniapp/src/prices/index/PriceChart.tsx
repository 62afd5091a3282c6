import { useEffect, useRef } from 'react';
import Taro from '@tarojs/taro';
import { Canvas as TaroCanvas, View } from '@tarojs/components';
import { Axis, Canvas, Chart, Legend, Line, Point, jsx } from '@antv/f2';
import F2ReactCanvas from '@antv/f2-react';
import type { PriceDay } from '@cc/shared';

const CANVAS_ID = 'price-trend-canvas';

/** The chart's rows: median and mean per day, in yuan, long form (one row per day and line) for F2's colour split. */
function rowsOf(series: readonly PriceDay[]) {
  return series.flatMap((d) => [
    { date: d.date.slice(5), kind: '中位价', yuan: d.median_fen / 100 },
    { date: d.date.slice(5), kind: '均价', yuan: d.mean_fen / 100 },
  ]);
}

/**
 * The design tokens' colours for the lines, read from the page's CSS variables (H5); the weapp cannot read CSS
 * variables from script, so there F2's own palette is used.
 */
function tokenColours(): string[] | undefined {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return undefined;
  const css = getComputedStyle(document.documentElement);
  const colours = ['--cc-color-brand', '--cc-tone-warning'].map((v) => css.getPropertyValue(v).trim());
  return colours.every(Boolean) ? colours : undefined;
}

/** F2's classic jsx(type, props, ...children); its own types demand every component's props at the type level. */
const el = jsx as unknown as (type: unknown, props: object, ...children: unknown[]) => ReturnType<typeof jsx>;

/** The F2 element tree (built with F2's own jsx, so it is the same on both targets). */
function chartOf(series: readonly PriceDay[]) {
  const colours = tokenColours();
  return el(
    Chart,
    { data: rowsOf(series), scale: { date: { type: 'cat', tickCount: 5 }, yuan: { tickCount: 5, nice: true } } },
    el(Axis, { field: 'date' }),
    el(Axis, { field: 'yuan', formatter: (v: number) => `¥${v}` }),
    el(Line, { x: 'date', y: 'yuan', color: colours ? { field: 'kind', range: colours } : 'kind' }),
    el(Point, { x: 'date', y: 'yuan', color: colours ? { field: 'kind', range: colours } : 'kind', size: 3 }),
    el(Legend, { position: 'top' }),
  );
}

/** weapp: a type="2d" canvas, its node found by a selector query, drawn by F2's Canvas on its 2d context. */
function WeappChart({ series, height }: { series: readonly PriceDay[]; height: number }) {
  const chart = useRef<Canvas | null>(null);
  useEffect(() => {
    Taro.nextTick(() => {
      Taro.createSelectorQuery()
        .select(`#${CANVAS_ID}`)
        .fields({ node: true, size: true })
        .exec((res: { node: { getContext(k: '2d'): CanvasRenderingContext2D; width: number; height: number }; width: number }[]) => {
          const found = res[0];
          if (!found?.node) return;
          const ratio = Taro.getSystemInfoSync().pixelRatio;
          found.node.width = found.width * ratio;
          found.node.height = height * ratio;
          const props = { context: found.node.getContext('2d'), pixelRatio: ratio, width: found.width, height, animate: false };
          chart.current?.destroy();
          chart.current = new Canvas({ ...props, children: chartOf(series) });
          void chart.current.render();
        });
    });
    return () => chart.current?.destroy();
  }, [series, height]);
  return <TaroCanvas type="2d" id={CANVAS_ID} canvasId={CANVAS_ID} style={{ width: '100%', height: `${height}px` }} />;
}

/**
 * The trend chart, drawn by AntV F2: on H5 through F2's React binding (@antv/f2-react, a real <canvas>), on the weapp
 * through a type="2d" canvas (WeappChart). Hidden from screen readers: the page says the same in words and a table.
 */
export function PriceChart({ series, height = 220 }: { series: readonly PriceDay[]; height?: number }) {
  return (
    <View className="prices-chart" data-testid="price-chart" aria-hidden style={{ height: `${height}px` }}>
      {process.env.TARO_ENV === 'h5' ? (
        <F2ReactCanvas pixelRatio={typeof window === 'undefined' ? 2 : window.devicePixelRatio} animate={false}>
          {chartOf(series)}
        </F2ReactCanvas>
      ) : (
        <WeappChart series={series} height={height} />
      )}
    </View>
  );
}
