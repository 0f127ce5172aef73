import type { DashboardView, UsageTotals, WidgetSummary } from './admin-api-types.js';
import type { AdminContext } from './admin-context.js';
import { dashboardViewSchema, widgetSummarySchema } from './admin-response-schemas.js';
import { publicProviderView } from './live-views.js';
import { calendarRanges } from './usage-query.js';

const tokensOf = (totals: UsageTotals): number => totals.inputTokens + totals.outputTokens;

/** Dashboard and the homelab widget. "Today" starts at local midnight and "month" on the 1st, in the server's TZ. */
export function registerOverviewRoutes({ router, deps }: AdminContext): void {
  const { store, control } = deps;

  async function todayAndMonth(): Promise<{ today: UsageTotals; month: UsageTotals }> {
    const ranges = calendarRanges(Date.now());
    const [today, month] = await Promise.all([store.usageSummary(ranges.today), store.usageSummary(ranges.month)]);
    return { today, month };
  }

  router.add({
    method: 'GET',
    url: '/api/dashboard',
    operationId: 'getDashboard',
    summary: "Providers with status, today's and this month's totals, served model and alias counts",
    tag: 'overview',
    auth: 'session',
    response: { status: 200, description: 'Dashboard', schema: dashboardViewSchema },
    handler: async (): Promise<DashboardView> => {
      const { today, month } = await todayAndMonth();
      const providers = control.providers();
      const active = new Set(providers.filter((provider) => provider.status === 'active').map((provider) => provider.id));
      return {
        providers: providers.map(publicProviderView),
        today,
        month,
        // Counted as a client would see them: enabled, and from a provider that is active.
        modelCount: control.models().filter((model) => model.enabled && model.providerActive).length,
        aliasCount: control.aliases().filter((alias) => alias.enabled && active.has(alias.provider)).length,
      };
    },
  });

  router.add({
    method: 'GET',
    url: '/api/widget',
    operationId: 'getWidgetSummary',
    summary: 'Requests, tokens and cost today and this month, for homelab dashboards (cookie or Bearer admin password)',
    tag: 'overview',
    auth: 'session-or-password',
    response: { status: 200, description: 'Summary', schema: widgetSummarySchema },
    errors: [429],
    handler: async (): Promise<WidgetSummary> => {
      const { today, month } = await todayAndMonth();
      return {
        requestsToday: today.requests,
        tokensToday: tokensOf(today),
        costTodayUsd: today.costMicros / 1_000_000,
        requestsMonth: month.requests,
        tokensMonth: tokensOf(month),
        costMonthUsd: month.costMicros / 1_000_000,
      };
    },
  });
}
