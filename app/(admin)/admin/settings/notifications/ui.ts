// The form classes this page's sections share.
export const inputClass = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:border-amber-500 focus:ring-2 focus:ring-amber-200 focus:outline-none";
export const primaryButton = "rounded-md bg-slate-900 px-4 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50";
export const secondaryButton = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs whitespace-nowrap text-slate-700 hover:bg-slate-50 disabled:opacity-50";
export const sectionClass = "space-y-3";
