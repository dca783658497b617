// Runs in the browser: the entry point of the UI.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../../shared/contract/client.js';
import { createTransport } from './api/transport.js';
import { App } from './components/App.js';
import { StoreProvider } from './components/store-context.js';
import { createAppStore } from './store/app-store.js';
import { applyTheme } from './theme.js';
import { installUnloadWarning } from './unload-warning.js';
import './styles.css';

applyTheme();

// Take the one-time launch code out of the address bar before anything else looks at the URL.
const transport = createTransport(window);
const client = createApiClient(transport);
const store = createAppStore(client.api, client.onEvent, { uploadSnapshot: transport.uploadSnapshot });

const root = document.getElementById('root');
if (root === null) throw new Error('index.html lost its #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
// Browser tabs only: in Electron a cancelled unload silently keeps the window open (no dialog), and
// the draft is autosaved anyway.
if (!window.taglock) installUnloadWarning(window, store);
void store.getState().ui.start();
