import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app";
import "./styles.css";
import "./styles/shell.css";
import "./styles/session.css";
import "./styles/agent.css";
import "./styles/autopilot.css";
import "./styles/graph.css";
import "./styles/spec.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
