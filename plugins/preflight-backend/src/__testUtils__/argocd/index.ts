export * from './ArgoCdApiSimulator';
export * from './fixtures';
