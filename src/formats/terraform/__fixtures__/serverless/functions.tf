resource "aws_iam_role" "orders" {
  name               = "orders-fn"
  assume_role_policy = jsonencode({ Statement = [{ Action = "sts:AssumeRole" }] })
}

resource "aws_iam_policy" "orders_table" {
  name = "orders-table"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:PutItem", "dynamodb:GetItem"]
      Resource = aws_dynamodb_table.orders.arn
    }]
  })
}

resource "aws_iam_role_policy_attachment" "orders_table" {
  role       = aws_iam_role.orders.name
  policy_arn = aws_iam_policy.orders_table.arn
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = aws_iam_role.orders.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  memory_size   = 256
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.orders.function_name
  function_version = "3"
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  replica {
    region_name = "eu-central-1"
  }
}

resource "aws_lambda_function_url" "orders" {
  function_name      = aws_lambda_function.orders.function_name
  authorization_type = "AWS_IAM"
}
