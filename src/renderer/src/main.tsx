// Renderer entry: takes the token from the URL fragment and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setToken, takeToken } from './api-client.js';
import { App } from './App.js';
import './styles.css';

setToken(takeToken());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
