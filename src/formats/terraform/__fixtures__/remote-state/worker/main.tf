resource "aws_lambda_function" "reports" {
  function_name = "reports"
  runtime       = "python3.12"
  handler       = "app.handler"
}

resource "aws_lambda_function_url" "reports" {
  function_name      = aws_lambda_function.reports.function_name
  authorization_type = "AWS_IAM"
}

output "reports_url" {
  value = aws_lambda_function_url.reports.function_url
}
