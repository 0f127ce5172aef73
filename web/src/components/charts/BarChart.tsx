import {
  BarController, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip, type ChartData, type ChartOptions,
} from 'chart.js';
import { useMemo } from 'react';
import { Bar } from 'react-chartjs-2';
import { useTheme, type Theme } from '../ThemeProvider.js';

/** Canvas colours cannot come from CSS variables with light-dark(), so the chart keeps its own two palettes. */
type ChartPalette = { text: string; grid: string; tooltipBg: string; tooltipText: string; series: string[] };

const chartPalettes: Record<Theme, ChartPalette> = {
  light: {
    text: '#5b6472',
    grid: 'rgba(15, 23, 42, 0.07)',
    tooltipBg: '#111827',
    tooltipText: '#f9fafb',
    series: ['#4f6bed', '#9aa9f5', '#e5484d', '#12a594'],
  },
  dark: {
    text: '#9aa3b2',
    grid: 'rgba(255, 255, 255, 0.07)',
    tooltipBg: '#f3f4f6',
    tooltipText: '#111827',
    series: ['#7c93ff', '#3e4f9e', '#ff6369', '#2bc3ae'],
  },
};

// Only what bar charts need, so the rest of chart.js stays out of the bundle.
ChartJS.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export type BarSeries = { label: string; values: number[]; colorIndex: number };

/** The one chart wrapper: themed axes and tooltips, optional stacking, value formatting left to the caller. */
export function BarChart({ labels, series, stacked = false, formatValue, ariaLabel, height = 280 }: {
  labels: string[];
  series: BarSeries[];
  stacked?: boolean;
  formatValue: (value: number) => string;
  /** The canvas is one image to assistive technology: describe what it shows. */
  ariaLabel: string;
  height?: number;
}) {
  const { theme } = useTheme();
  const palette = chartPalettes[theme];

  const data = useMemo<ChartData<'bar'>>(() => ({
    labels,
    datasets: series.map((item) => ({
      label: item.label,
      data: item.values,
      backgroundColor: palette.series[item.colorIndex % palette.series.length],
      borderRadius: 3,
      borderSkipped: 'start',
      maxBarThickness: 36,
    })),
  }), [labels, series, palette]);

  const options = useMemo<ChartOptions<'bar'>>(() => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: { duration: 250 },
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: {
        display: series.length > 1,
        position: 'bottom',
        align: 'start',
        labels: { color: palette.text, boxWidth: 10, boxHeight: 10, useBorderRadius: true, borderRadius: 2 },
      },
      tooltip: {
        backgroundColor: palette.tooltipBg,
        titleColor: palette.tooltipText,
        bodyColor: palette.tooltipText,
        padding: 10,
        cornerRadius: 6,
        callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${formatValue(Number(item.raw))}` },
      },
    },
    scales: {
      x: {
        stacked,
        grid: { display: false },
        border: { color: palette.grid },
        ticks: { color: palette.text, maxRotation: 0, autoSkip: true, autoSkipPadding: 16 },
      },
      y: {
        stacked,
        beginAtZero: true,
        grid: { color: palette.grid },
        border: { display: false },
        ticks: { color: palette.text, maxTicksLimit: 6, callback: (value) => formatValue(Number(value)) },
      },
    },
  }), [series.length, stacked, palette, formatValue]);

  return (
    <div className="chart" style={{ height }}>
      <Bar data={data} options={options} aria-label={ariaLabel} role="img" />
    </div>
  );
}
