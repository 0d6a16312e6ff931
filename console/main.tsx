import { render } from "preact";
import { z } from "zod";
import "uplot/dist/uPlot.min.css";
import "./style.css";
import { App } from "./app";

// The backend's Content-Security-Policy forbids eval; zod must not try its compiled (new Function) parsers.
z.config({ jitless: true });

render(<App />, document.getElementById("app") as HTMLElement);
