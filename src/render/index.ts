export { incidentGraphDot, dotId } from './incident-graph-dot.js';
export { rangeChartSvg, escapeXml, type ChartSeries, type ChartOptions } from './range-chart-svg.js';
