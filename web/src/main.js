// Charts for the server-rendered pages of `manrs serve`. Every chart reads
// the same JSON the API serves (/api/v1/overview, /api/v1/as/{asn}/history);
// without JavaScript the pages show the same numbers as tables.
import {
  Chart, BarController, BarElement, LineController, LineElement, PointElement,
  CategoryScale, LinearScale, Legend, Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement,
  CategoryScale, LinearScale, Legend, Tooltip);

const LABELS = ['ready', 'aspiring', 'lagging', 'unmeasured'];
const COLORS = { ready: '#1a7f37', aspiring: '#bf8700', lagging: '#cf222e', unmeasured: '#8c959f' };
const ACTIONS = ['filtering', 'anti_spoofing', 'coordination', 'global_validation'];
const TITLES = { filtering: 'Filtering', anti_spoofing: 'Anti-spoofing', coordination: 'Coordination', global_validation: 'Global validation' };
const ACTION_COLORS = ['#0969da', '#8250df', '#bf3989', '#1a7f37'];

async function getJson(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

function readinessChart(canvas, overview) {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: ACTIONS.map((a) => TITLES[a]),
      datasets: LABELS.map((label) => ({
        label,
        data: ACTIONS.map((a) => overview.readiness[a][label]),
        backgroundColor: COLORS[label],
      })),
    },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { stacked: true, title: { display: true, text: 'ASes' } }, y: { stacked: true } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

function trendChart(canvas, overview) {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: overview.trend.map((t) => t.period.end.slice(0, 10)),
      datasets: ACTIONS.map((a, i) => ({
        label: `${TITLES[a]} ready (%)`,
        data: overview.trend.map((t) => (t.ases ? (100 * t.readiness[a].ready) / t.ases : 0)),
        borderColor: ACTION_COLORS[i],
        backgroundColor: ACTION_COLORS[i],
        tension: 0.2,
      })),
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { min: 0, max: 100, title: { display: true, text: '% of measured ASes ready' } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

function historyChart(canvas, history) {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: history.map((h) => h.period.end.slice(0, 10)),
      datasets: ACTIONS.map((a, i) => ({
        label: TITLES[a],
        data: history.map((h) => h.actions[a].score),
        borderColor: ACTION_COLORS[i],
        backgroundColor: ACTION_COLORS[i],
        spanGaps: true,
      })),
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { min: 0, max: 100, title: { display: true, text: 'readiness score' } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

async function main() {
  const canvases = [...document.querySelectorAll('canvas[data-chart]')];
  if (canvases.length === 0) return;
  let overview = null;
  for (const canvas of canvases) {
    try {
      const kind = canvas.dataset.chart;
      if (kind === 'readiness' || kind === 'trend') {
        overview = overview || (await getJson('/api/v1/overview'));
        (kind === 'readiness' ? readinessChart : trendChart)(canvas, overview);
      } else if (kind === 'history') {
        historyChart(canvas, await getJson(`/api/v1/as/${canvas.dataset.asn}/history`));
      }
      canvas.dataset.rendered = 'true';
    } catch (error) {
      canvas.replaceWith(Object.assign(document.createElement('p'), {
        className: 'muted', textContent: `Chart unavailable: ${error.message}`,
      }));
    }
  }
}

main();
