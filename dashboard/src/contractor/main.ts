import './contractor.css';
import { mount } from 'svelte';
import ContractorApp from './ContractorApp.svelte';
import { ContractorApi, linkToken } from './contractor-api.ts';
import { ContractorI18n } from './contractor-i18n.svelte.ts';
import { JobManager } from './job-manager.svelte.ts';

// The contractor's phone page: one job, opened by the signed link in the URL fragment.
const i18n = new ContractorI18n();
i18n.init();
const token = linkToken(location.hash);
const jobs = new JobManager(token === null ? null : new ContractorApi(token), { onLanguage: (language) => i18n.suggest(language) });
jobs.init();

const target = document.getElementById('contractor');
if (target === null) throw new Error('contractor.html has no #contractor element');
mount(ContractorApp, { target, props: { jobs, i18n } });
