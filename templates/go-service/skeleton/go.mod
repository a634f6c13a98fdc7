module github.com/${{ values.destination.owner }}/${{ values.destination.repo }}

go 1.23
