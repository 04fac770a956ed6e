// Server metrics in the Prometheus text exposition format (GET /metrics): requests and latency by route, pushes,
// pulls, mutations, sockets, pokes and database errors. A few counters and one histogram do not justify a client
// library; the format is small and fixed (https://prometheus.io/docs/instrumenting/exposition_formats/).

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = Record<string, string>;

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

export interface Metrics {
  request(method: string, route: string, status: number, seconds: number): void;
  inc(name: CounterName, by?: number, labels?: Labels): void;
  /** Gauges read at scrape time. */
  gauge(name: string, help: string, read: () => number): void;
  render(): string;
}

const COUNTERS = {
  waypoint_pushes_total: 'Pushes applied (by outcome)',
  waypoint_pulls_total: 'Pulls answered',
  waypoint_mutations_total: 'Mutations received in pushes (by outcome: applied or rejected)',
  waypoint_pokes_total: 'Pokes delivered to WebSocket connections',
  waypoint_db_errors_total: 'Storage calls that failed (by kind: unavailable or other)',
  waypoint_ws_closed_total: 'WebSocket connections closed by the server for a limit (by reason)',
  waypoint_listen_reconnects_total: 'PostgreSQL LISTEN connection re-established after a loss',
  waypoint_webhook_attempts_total: 'Webhook delivery attempts (by outcome: delivered or failed)',
} as const;
export type CounterName = keyof typeof COUNTERS;

export function createMetrics(): Metrics {
  const counters = new Map<string, Map<string, number>>();
  const requests = new Map<string, number>();
  const histograms = new Map<string, { buckets: number[]; sum: number; count: number }>();
  const gauges: { name: string; help: string; read: () => number }[] = [];

  return {
    request(method, route, status, seconds) {
      const key = labelText({ method, route, status: String(status) });
      requests.set(key, (requests.get(key) ?? 0) + 1);
      const hKey = labelText({ method, route });
      let h = histograms.get(hKey);
      if (!h) {
        h = { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
        histograms.set(hKey, h);
      }
      for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]!) h.buckets[i]! += 1;
      h.sum += seconds;
      h.count += 1;
    },
    inc(name, by = 1, labels = {}) {
      let series = counters.get(name);
      if (!series) {
        series = new Map();
        counters.set(name, series);
      }
      const key = labelText(labels);
      series.set(key, (series.get(key) ?? 0) + by);
    },
    gauge(name, help, read) {
      gauges.push({ name, help, read });
    },
    render() {
      const out: string[] = [];
      out.push('# HELP waypoint_http_requests_total HTTP requests by method, route and status');
      out.push('# TYPE waypoint_http_requests_total counter');
      for (const [labels, value] of requests) out.push(`waypoint_http_requests_total${labels} ${value}`);
      out.push('# HELP waypoint_http_request_duration_seconds HTTP request latency by method and route');
      out.push('# TYPE waypoint_http_request_duration_seconds histogram');
      for (const [labels, h] of histograms) {
        const inner = labels.slice(1, -1);
        LATENCY_BUCKETS.forEach((le, i) => {
          out.push(`waypoint_http_request_duration_seconds_bucket{${inner},le="${le}"} ${h.buckets[i]}`);
        });
        out.push(`waypoint_http_request_duration_seconds_bucket{${inner},le="+Inf"} ${h.count}`);
        out.push(`waypoint_http_request_duration_seconds_sum${labels} ${h.sum}`);
        out.push(`waypoint_http_request_duration_seconds_count${labels} ${h.count}`);
      }
      for (const [name, help] of Object.entries(COUNTERS)) {
        out.push(`# HELP ${name} ${help}`);
        out.push(`# TYPE ${name} counter`);
        const series = counters.get(name);
        if (!series || series.size === 0) out.push(`${name} 0`);
        else for (const [labels, value] of series) out.push(`${name}${labels} ${value}`);
      }
      for (const g of gauges) {
        out.push(`# HELP ${g.name} ${g.help}`);
        out.push(`# TYPE ${g.name} gauge`);
        out.push(`${g.name} ${g.read()}`);
      }
      return `${out.join('\n')}\n`;
    },
  };
}
