using Nimbus.Bench.S3Load;

return await LoadCommand.RunAsync(args);
