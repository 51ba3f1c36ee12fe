import { useEffect, useRef } from "react";
import { download, downloadPng, svgOf } from "../lib/download.js";

/**
 * A chart drawn by `render` (an Observable Plot call, possibly async) into a figure, redrawn when `deps` change, with an
 * SVG export button. `render` returns the element Plot made, or null for the empty state.
 */
export function PlotFigure(props: {
  readonly name: string;
  readonly title: string;
  readonly render: () => Element | null | Promise<Element | null>;
  readonly empty: string;
  /** Redraws when this key changes (a string summarising the chart's inputs). */
  readonly depsKey: string;
  /** Draw after the browser has painted the rest of the view (charts that would delay a first paint). */
  readonly defer?: boolean;
}) {
  const { name, title, render, empty, depsKey } = props;
  const defer = props.defer === true;
  const ref = useRef<HTMLDivElement>(null);
  // The latest render function, read by the effect, which reruns only when the inputs' key changes.
  const renderRef = useRef(render);
  renderRef.current = render;
  useEffect(() => {
    const host = ref.current;
    if (host === null) return;
    let live = true;
    const show = (chart: Element | null) => {
      if (!live) return;
      host.dataset.key = depsKey;
      if (chart === null) {
        const p = document.createElement("p");
        p.className = "empty";
        p.textContent = empty;
        host.replaceChildren(p);
      } else {
        host.replaceChildren(chart);
      }
    };
    // A render may be async (a chart module loaded on demand, off the first view's bundle).
    const draw = () => {
      const chart = renderRef.current();
      if (chart instanceof Promise) void chart.then(show);
      else show(chart);
    };
    if (!defer) {
      draw();
      return () => {
        live = false;
        host.replaceChildren();
      };
    }
    // After the next paint: the frame callback runs before it, the timer after it.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(draw, 0);
    });
    return () => {
      live = false;
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
      host.replaceChildren();
    };
  }, [depsKey, empty, defer]);
  const exportSvg = () => {
    const host = ref.current;
    const svg = host === null ? null : svgOf(host);
    if (svg !== null) download(`${name}.svg`, "image/svg+xml", svg);
  };
  const exportPng = () => {
    const svg = ref.current?.querySelector("svg");
    const text = ref.current === null ? null : svgOf(ref.current);
    if (svg === null || svg === undefined || text === null) return;
    const box = svg.getBoundingClientRect();
    downloadPng(`${name}.png`, text, box.width, box.height);
  };
  return (
    <figure className="chart" data-chart={name}>
      <figcaption>
        <span>{title}</span>
        <span className="buttons">
          <button type="button" onClick={exportSvg}>
            SVG
          </button>{" "}
          <button type="button" onClick={exportPng}>
            PNG
          </button>
        </span>
      </figcaption>
      <div ref={ref} className="plot" />
    </figure>
  );
}
