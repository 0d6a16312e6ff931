import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import type { UsageSeries } from "../api";
import { dayLabel, yTop } from "./format";

const DAY = 86_400;
/** Tick spacings of the x axis, in seconds: 1, 2, 7, 14 or 28 days. */
const DAY_INCREMENTS = [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY];
/** Tick spacings of the y axis: counts, so whole numbers only (1, 2, 5, 10, 20, 50, …). */
const WHOLE_INCREMENTS = Array.from({ length: 12 }, (_, i) => [1, 2, 5].map((m) => m * 10 ** i)).flat();

/**
 * A metric's daily series as a uPlot bar chart, with the same numbers in a table under it: the chart is a
 * canvas, so the table is what screen readers (and the tests) read.
 */
export function UsageChart({ series }: { series: UsageSeries }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const xs = series.buckets.map((b) => Date.parse(`${b.date}T00:00:00Z`) / 1000);
    const ys = series.buckets.map((b) => b.value);
    const bars = uPlot.paths.bars?.({ size: [0.7, 40] });
    const plot = new uPlot({
      width: Math.max(320, el.clientWidth), height: 240, tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      series: [{}, { label: series.label, stroke: "#20808d", fill: "rgba(32,128,141,0.35)", points: { show: false }, ...(bars === undefined ? {} : { paths: bars }) }],
      // Half a day of room either side, so the first and last days' bars are whole. Counts start at 0, so a
      // one-request day is a bar of its full height rather than a stub above a baseline of 1.
      scales: { x: { time: true, range: (_u, min, max) => [min - 43_200, max + 43_200] }, y: { range: (_u, _min, max) => [0, yTop(max)] } },
      // Daily buckets: ticks at whole days (never 12am/12pm), labelled by date, fewer as the range grows.
      axes: [{ incrs: DAY_INCREMENTS, values: (_u, ticks) => ticks.map(dayLabel) }, { size: 70, incrs: WHOLE_INCREMENTS }],
      legend: { show: false },
    }, [xs, ys], el);
    return () => plot.destroy();
  }, [series]);
  return (
    <figure class="chart" aria-labelledby="chart-caption">
      <figcaption id="chart-caption">{series.label}: {series.total.toLocaleString("en-US")} from {series.buckets[0]?.date} to {series.buckets.at(-1)?.date}</figcaption>
      <div ref={box} role="img" aria-label={`${series.label} per day`} />
      <details>
        <summary>Chart data</summary>
        <table>
          <caption>{series.label} per day (UTC)</caption>
          <thead><tr><th scope="col">Day</th><th scope="col">{series.label}</th></tr></thead>
          <tbody>{series.buckets.map((b) => <tr key={b.date}><td>{b.date}</td><td data-value={b.value}>{b.value.toLocaleString("en-US")}</td></tr>)}</tbody>
          <tfoot><tr><th scope="row">Total</th><td data-value={series.total}>{series.total.toLocaleString("en-US")}</td></tr></tfoot>
        </table>
      </details>
    </figure>
  );
}
